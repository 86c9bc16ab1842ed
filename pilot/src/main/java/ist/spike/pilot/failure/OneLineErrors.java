package ist.spike.pilot.failure;

import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * picocli's handlers for {@code spike}: every failure is one line on stderr, {@code spike: …},
 * never a stack trace or a page of usage help.
 */
public final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final FailureExplainer explainer;

    public OneLineErrors(FailureExplainer explainer) {
        this.explainer = Objects.requireNonNull(explainer, "explainer");
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        Failure failure = explainer.explain(e, cmd.getCommand(), name);
        return print(cmd, failure);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = redactAssignments(String.valueOf(e.getMessage()));
        return print(cmd, new Failure(ExitCode.USAGE, message + ": see `" + name + " --help`"));
    }

    /**
     * Security: picocli quotes the offending argument, which could be a {@code key=value} with a
     * secret value typed in the wrong place; everything after an {@code =} is dropped.
     */
    static String redactAssignments(String message) {
        return message.replaceAll("=[^'\\s]*", "=…");
    }

    private static int print(CommandLine cmd, Failure failure) {
        cmd.getErr().println("spike: " + failure.line());
        cmd.getErr().flush();
        return failure.exitCode().code();
    }
}
