package ist.spike.pilot.policy;

import ist.spike.core.api.PolicyMessages.IdRequest;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code spike policy delete NAME}. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete the policy called NAME.")
public final class PolicyDeleteCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Parameters(index = "0", paramLabel = "NAME", description = "Policy name.")
    String name;

    public PolicyDeleteCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        context.nexus().get().deletePolicy(new IdRequest(name));
        context.terminal().out().println("Deleted policy " + name + ".");
        return 0;
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy(PolicyCommand.aclGrant("write"), context.config().roleSwitch());
    }

    @Override
    public String notFound() {
        return "not found: there is no policy called '" + name + "': see `spike policy list`";
    }
}
