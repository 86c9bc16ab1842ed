package ist.spike.pilot;

import ist.spike.pilot.failure.FailureExplainer;
import ist.spike.pilot.failure.OneLineErrors;
import picocli.CommandLine;

/** Builds the {@code spike} command line around a {@link PilotContext}; used by {@code main} and tests alike. */
public final class PilotCli {
    private PilotCli() {
    }

    /** The configured command line: output to the context's terminal, one-line errors, Pilot's exit codes. */
    public static CommandLine create(PilotContext context) {
        CommandLine cli = new CommandLine(SpikeCommand.class, new CommandFactory(context));
        OneLineErrors errors = new OneLineErrors(new FailureExplainer(context.config().nexusUrl(), context.nexus(),
                context.config().roleSwitch()));
        cli.setOut(context.terminal().out());
        cli.setErr(context.terminal().err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        setVersion(cli);
        return cli;
    }

    /** Runs {@code args} and returns the exit code; everything printed is flushed. */
    public static int run(PilotContext context, String... args) {
        try {
            return create(context).execute(args);
        } finally {
            context.terminal().flush();
        }
    }

    private static void setVersion(CommandLine cli) {
        cli.getCommandSpec().version(SpikeCommand.VERSION);
        cli.getSubcommands().values().forEach(PilotCli::setVersion);
    }
}
