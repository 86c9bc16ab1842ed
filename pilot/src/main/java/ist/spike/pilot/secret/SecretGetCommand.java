package ist.spike.pilot.secret;

import ist.spike.core.api.SecretMessages.GetRequest;
import ist.spike.core.api.SecretMessages.GetResponse;
import ist.spike.pilot.HelpOption;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import ist.spike.pilot.failure.PilotException;
import ist.spike.pilot.output.FormatOption;
import ist.spike.pilot.output.Printer;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spike secret get PATH [KEY] [--version N]}: prints the values. Security: this is the one
 * command whose output is secret values, because that is what it is asked for.
 */
@Command(name = "get", description = {"Print the values of the secret at PATH.",
    "One `key: value` line per key; with KEY only that value, as it is, for scripts:"
            + " v=\"$(spike secret get PATH KEY)\"."})
public final class SecretGetCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Mixin
    HelpOption help;

    @Mixin
    FormatOption format;

    @Parameters(index = "0", paramLabel = "PATH", description = "Secret path.")
    String path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "Print only this key's value.")
    String key;

    @Option(names = "--version", paramLabel = "N", description = "Version to read (default: the current one).")
    Integer version;

    public SecretGetCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        String checked = SecretArguments.path(path);
        GetResponse response = context.nexus().get().getSecret(new GetRequest(checked, SecretArguments.version(version)));
        Map<String, String> data = new TreeMap<>(response.data() == null ? Map.of() : response.data());
        Printer printer = new Printer(context.terminal().out(), format.format());
        if (key == null) {
            printer.print(data, SecretGetCommand::lines);
            return 0;
        }
        String value = data.get(key);
        if (value == null) {
            throw PilotException.notFound("secret " + checked + " has no key '" + key + "'; its keys: "
                    + String.join(", ", data.keySet()));
        }
        printer.print(Map.of(key, value), only -> value);
        return 0;
    }

    private static String lines(Map<String, String> data) {
        StringBuilder text = new StringBuilder();
        data.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        return text.toString();
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy("read on " + path, context.config().roleSwitch());
    }

    @Override
    public String notFound() {
        return "not found: there is no secret at " + path + (version == null ? "" : " with version " + version)
                + " (or it is deleted): see `spike secret list` and `spike secret metadata get " + path + "`";
    }
}
