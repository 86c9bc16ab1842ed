package ist.spike.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import ist.spike.operator.model.PilotStatus;
import ist.spike.operator.model.SpikeClusterStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The changes between two statuses that deserve a Kubernetes Event: a new state, a condition whose
 * status moved, or another Pilot role in force.
 */
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
        pilot(previous == null ? null : previous.getPilot(), next.getPilot()).ifPresent(out::add);
        return out;
    }

    /** A role switch, its running out, and the Pilot coming and going: each an audit record of who may do what. */
    private static Optional<Transition> pilot(PilotStatus before, PilotStatus after) {
        String was = before == null ? null : before.getRole();
        String is = after == null ? null : after.getRole();
        if (Objects.equals(was, is)) {
            return Optional.empty();
        }
        if (is == null) {
            return Optional.of(new Transition("PilotRemoved", "Pilot removed (spec.pilot.enabled is false)", false));
        }
        String until = after.getExpiresAt() == null ? "" : " until " + after.getExpiresAt();
        if (!is.equals(after.getRequestedRole())) {
            return Optional.of(new Transition("PilotRoleExpired", "Pilot role " + was + " ran out; Pilot role is now " + is,
                    false));
        }
        return Optional.of(new Transition("PilotRoleChanged", "Pilot role " + (was == null ? "(no Pilot)" : was) + " -> "
                + is + until + " (spec.pilot.role)", false));
    }

    private static boolean isTrouble(Condition c) {
        boolean wanted = ConditionType.RecoveryRequired.name().equals(c.getType()) ? "False".equals(c.getStatus())
                : "True".equals(c.getStatus());
        return !wanted && !"Unknown".equals(c.getStatus());
    }
}
