package ist.spike.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import ist.spike.operator.model.SpikeClusterStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The changes between two statuses that deserve a Kubernetes Event: a new state or a condition whose status moved. */
public final class Transitions {
    private Transitions() {
    }

    /** One Event to record: {@code reason} is CamelCase, {@code warning} marks trouble. */
    public record Transition(String reason, String message, boolean warning) {
    }

    public static List<Transition> between(SpikeClusterStatus previous, SpikeClusterStatus next) {
        List<Transition> out = new ArrayList<>();
        String oldState = previous == null ? null : previous.getState();
        if (!Objects.equals(oldState, next.getState())) {
            out.add(new Transition("StateChanged", "State " + (oldState == null ? "(none)" : oldState) + " -> "
                    + next.getState(), false));
        }
        Map<String, Condition> before = StatusAggregator.byType(previous);
        for (Condition now : next.getConditions()) {
            Condition old = before.get(now.getType());
            if (old == null || !Objects.equals(old.getStatus(), now.getStatus())) {
                out.add(new Transition(now.getReason(), now.getType() + "=" + now.getStatus() + ": "
                        + now.getMessage(), isTrouble(now)));
            }
        }
        return out;
    }

    private static boolean isTrouble(Condition c) {
        boolean wanted = ConditionType.RecoveryRequired.name().equals(c.getType()) ? "False".equals(c.getStatus())
                : "True".equals(c.getStatus());
        return !wanted && !"Unknown".equals(c.getStatus());
    }
}
