package ist.spike.pilot.policy;

import ist.spike.core.api.PolicyMessages.PutRequest;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spike policy apply --file F.yaml [flags]}: a policy from a file, flags taking precedence. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Create or replace a policy described in a YAML or JSON file.",
            "Flags given as well override the file's fields. A policy file:",
            "  name: db-readers",
            "  spiffeidPattern: ^spiffe://spike\\.ist/workload/demo$",
            "  pathPattern: ^secrets/db/.*$",
            "  permissions: [read, list]"})
public final class PolicyApplyCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Option(names = "--file", paramLabel = "FILE", description = "Policy file (YAML or JSON).")
    Path file;

    @Mixin
    PolicyOptions options;

    public PolicyApplyCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        PolicyDraft draft = options.draft();
        PutRequest request = file == null
                ? draft.toRequest("a --file")
                : PolicyFile.read(file).overriddenBy(draft).toRequest(file.toString());
        context.nexus().get().upsertPolicy(request);
        context.terminal().out().println("Applied policy " + request.name() + " (" + String.join(", ", request.permissions())
                + " on paths matching " + request.pathPattern() + ").");
        return 0;
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy(PolicyCommand.aclGrant("write"), context.config().roleSwitch());
    }
}
