package ist.spike.pilot.policy;

import ist.spike.core.api.PolicyMessages.PutRequest;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spike policy create --name … --spiffeid-pattern … --path-pattern … --permissions …}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a policy, or replace the one of the same name.", "All four options are required."})
public final class PolicyCreateCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Mixin
    PolicyOptions options;

    public PolicyCreateCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        PutRequest request = options.draft().toRequest("");
        context.nexus().get().upsertPolicy(request);
        context.terminal().out().println("Saved policy " + request.name() + " (" + String.join(", ", request.permissions())
                + " on paths matching " + request.pathPattern() + ").");
        return 0;
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy(PolicyCommand.aclGrant("write"), context.config().roleSwitch());
    }
}
