package ist.spike.pilot.policy;

import ist.spike.core.api.PolicyMessages.IdRequest;
import ist.spike.core.api.PolicyMessages.Policy;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import ist.spike.pilot.output.Fields;
import ist.spike.pilot.output.FormatOption;
import ist.spike.pilot.output.Printer;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code spike policy get NAME}. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Print the policy called NAME.")
public final class PolicyGetCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Mixin
    FormatOption format;

    @Parameters(index = "0", paramLabel = "NAME", description = "Policy name.")
    String name;

    public PolicyGetCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * A policy as printed: the SPIFFE-ID pattern under the name the upsert request and policy files
     * use ({@code spiffeidPattern}), not the wire's {@code spiffiedPattern}, so output can be applied again.
     */
    record PolicyView(String id, String name, String spiffeidPattern, String pathPattern, List<String> permissions,
                      Instant createdAt, Instant updatedAt) {
        static PolicyView of(Policy p) {
            return new PolicyView(p.id(), p.name(), p.spiffeIdPattern(), p.pathPattern(),
                    p.permissions() == null ? List.of() : p.permissions(), p.createdAt(), p.updatedAt());
        }
    }

    @Override
    public Integer call() {
        Policy policy = context.nexus().get().getPolicy(new IdRequest(name));
        new Printer(context.terminal().out(), format.format()).print(PolicyView.of(policy), p -> new Fields()
                .add("Name", p.name())
                .add("ID", p.id())
                .add("SPIFFE ID pattern", p.spiffeidPattern())
                .add("Path pattern", p.pathPattern())
                .add("Permissions", String.join(", ", p.permissions()))
                .add("Created", p.createdAt())
                .add("Updated", p.updatedAt())
                .render());
        return 0;
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy(PolicyCommand.aclGrant("read"), context.config().roleSwitch());
    }

    @Override
    public String notFound() {
        return "not found: there is no policy called '" + name + "': see `spike policy list`";
    }
}
