package ist.spike.pilot.policy;

import ist.spike.core.api.PolicyMessages.ListRequest;
import ist.spike.core.api.PolicyMessages.ListResponse;
import ist.spike.core.api.PolicyMessages.Summary;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import ist.spike.pilot.output.FormatOption;
import ist.spike.pilot.output.Printer;
import ist.spike.pilot.output.Table;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spike policy list [--spiffeid-pattern P] [--path-pattern P]}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Print the name and ID of every policy.", "The filters keep policies whose pattern is exactly the one given."})
public final class PolicyListCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Mixin
    FormatOption format;

    @Option(names = "--spiffeid-pattern", paramLabel = "REGEX", description = "Only policies with this SPIFFE ID pattern.")
    String spiffeidPattern;

    @Option(names = "--path-pattern", paramLabel = "REGEX", description = "Only policies with this path pattern.")
    String pathPattern;

    public PolicyListCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        ListResponse response = context.nexus().get().listPolicies(new ListRequest(spiffeidPattern, pathPattern));
        List<Summary> policies = response.policies() == null ? List.of() : response.policies().stream()
                .sorted(Comparator.comparing(Summary::name, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        new Printer(context.terminal().out(), format.format()).print(policies, PolicyListCommand::human);
        return 0;
    }

    private static String human(List<Summary> policies) {
        if (policies.isEmpty()) {
            return "No policies.\n";
        }
        Table table = new Table("NAME", "ID");
        policies.forEach(p -> table.row(p.name(), p.id()));
        return table.render();
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy(PolicyCommand.aclGrant("list"), context.config().roleSwitch());
    }
}
