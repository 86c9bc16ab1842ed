package ist.spike.pilot.secret;

import ist.spike.core.api.SecretMessages.ListResponse;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import ist.spike.pilot.output.FormatOption;
import ist.spike.pilot.output.Printer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spike secret list}: every secret path, one per line. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Print the path of every secret, sorted.")
public final class SecretListCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Mixin
    FormatOption format;

    public SecretListCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        ListResponse response = context.nexus().get().listSecrets();
        List<String> keys = response.keys() == null ? List.of() : response.keys().stream().sorted().toList();
        new Printer(context.terminal().out(), format.format())
                .print(keys, paths -> paths.isEmpty() ? "No secrets.\n" : String.join("\n", paths) + "\n");
        return 0;
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy("list on spike/system/secret", context.config().roleSwitch());
    }
}
