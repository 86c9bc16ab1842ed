package ist.spike.pilot.secret;

import ist.spike.core.api.SecretMessages.PutRequest;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code spike secret put PATH k=v…}: a new version holding exactly the given values. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Store a new version of the secret at PATH.",
            "The new version holds exactly the given values. A value typed on the command line is visible to other"
                    + " users of the machine (ps, /proc) and lands in shell history: give key=@FILE to read it from"
                    + " a file, or key=- to read it from stdin (one key at most), byte for byte, trailing newline"
                    + " included. A literal value starting with '@' or equal to '-' must come from a file or stdin."})
public final class SecretPutCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Parameters(index = "0", paramLabel = "PATH", description = "Secret path, e.g. secrets/db/creds.")
    String path;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE",
            description = "One or more values: key=value, key=@FILE or key=-.")
    List<String> assignments;

    public SecretPutCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        String checked = SecretArguments.path(path);
        Map<String, String> values = SecretArguments.values(assignments, context.terminal().stdin());
        context.nexus().get().putSecret(new PutRequest(checked, values));
        context.terminal().out().println("Stored a new version of " + checked + " (" + values.size()
                + (values.size() == 1 ? " key)." : " keys)."));
        return 0;
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy("write on " + path, context.config().roleSwitch());
    }
}
