package ist.spike.pilot.secret;

import ist.spike.core.api.SecretMessages.VersionsRequest;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import ist.spike.pilot.nexus.NexusApi;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code secret delete} and {@code secret undelete} share: a path and a list of versions. */
abstract class SecretVersionsCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Parameters(index = "0", paramLabel = "PATH", description = "Secret path.")
    String path;

    @Option(names = "--versions", split = ",", paramLabel = "N",
            description = "Comma-separated versions, e.g. 1,2 (default: the current one).")
    List<Integer> versions = List.of();

    SecretVersionsCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Sends the request. */
    abstract void send(NexusApi api, VersionsRequest request);

    /** The past tense for the confirmation, e.g. "Deleted". */
    abstract String done();

    @Override
    public Integer call() {
        VersionsRequest request = new VersionsRequest(SecretArguments.path(path), SecretArguments.versions(versions));
        send(context.nexus().get(), request);
        String which = request.versions().isEmpty() ? "the current version"
                : (request.versions().size() == 1 ? "version " : "versions ")
                        + request.versions().stream().map(String::valueOf).collect(Collectors.joining(", "));
        context.terminal().out().println(done() + " " + which + " of " + request.path() + ".");
        return 0;
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy("write on " + path, context.config().roleSwitch());
    }

    @Override
    public String notFound() {
        return "not found: there is no secret at " + path + " (or no such version): see `spike secret metadata get "
                + path + "`";
    }
}
