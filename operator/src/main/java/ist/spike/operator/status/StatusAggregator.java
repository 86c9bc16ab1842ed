package ist.spike.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import ist.spike.operator.model.KeeperCounts;
import ist.spike.operator.model.RestoreProgress;
import ist.spike.operator.model.RootKeySharing;
import ist.spike.operator.model.SpikeClusterStatus;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one owner of a SpikeCluster's status: computes state, counts and conditions from a
 * {@link ClusterObservation}, keeping each condition's {@code lastTransitionTime} unless its status
 * changed. Pure apart from the clock; thread-safe.
 */
public final class StatusAggregator {
    public static final String PENDING = "Pending";
    private static final String TRUE = "True";
    private static final String FALSE = "False";
    private static final String UNKNOWN = "Unknown";

    private final Clock clock;

    public StatusAggregator(Clock clock) {
        this.clock = clock;
    }

    /**
     * The status to write, given the one currently stored ({@code previous}, may be null); its
     * {@code pilot} is left for the reconciler to set.
     */
    public SpikeClusterStatus next(SpikeClusterStatus previous, ClusterObservation seen, Runbook runbook) {
        NexusObservation nexus = seen.nexus();
        boolean reachable = nexus != null && nexus.isReachable();
        SpikeClusterStatus status = new SpikeClusterStatus();
        status.setObservedGeneration(seen.generation());
        status.setState(reachable ? nexus.state() : PENDING);
        status.setKeepers(new KeeperCounts(seen.keepersReady(), seen.keepersWanted(),
                reachable ? nexus.keepersHoldingShard() : 0));
        if (reachable) {
            status.setRestore(new RestoreProgress(nexus.restoreCollected(), nexus.restoreRemaining()));
        }
        status.setRootKeySharing(sharingOf(nexus).orElse(previous == null ? null : previous.getRootKeySharing()));
        Map<String, Condition> before = byType(previous);
        String now = now();
        List<Condition> conditions = new ArrayList<>();
        for (Verdict verdict : verdicts(seen, runbook)) {
            conditions.add(stamp(verdict, before.get(verdict.type().name()), seen.generation(), now));
        }
        status.setConditions(conditions);
        return status;
    }

    /** How {@code nexus} says it shares the root key; empty when it was not read or did not say. */
    public static Optional<RootKeySharing> sharingOf(NexusObservation nexus) {
        if (nexus == null || !nexus.isReachable() || nexus.threshold() < 1) {
            return Optional.empty();
        }
        NexusObservation.Sharing s = nexus.sharing();
        return Optional.of(new RootKeySharing(nexus.shares(), nexus.threshold(), s == null ? 0 : s.generation(),
                s == null ? 0 : s.pendingShares(), s == null ? 0 : s.pendingThreshold()));
    }

    /**
     * The status after a reconcile failed: what was known stays, {@code Ready} turns False with
     * reason {@code ReconcileFailed} and the error's message (Kubernetes API text, never secrets).
     */
    public SpikeClusterStatus failed(SpikeClusterStatus previous, long generation, String error) {
        SpikeClusterStatus status = new SpikeClusterStatus();
        if (previous != null) {
            status.setState(previous.getState());
            status.setKeepers(previous.getKeepers());
            status.setRestore(previous.getRestore());
            status.setPilot(previous.getPilot());
            status.setRootKeySharing(previous.getRootKeySharing());
            status.setConditions(previous.getConditions());
        } else {
            status.setState(PENDING);
        }
        status.setObservedGeneration(generation);
        List<Condition> conditions = new ArrayList<>(status.getConditions());
        Condition old = conditions.stream().filter(c -> ConditionType.Ready.name().equals(c.getType())).findFirst()
                .orElse(null);
        conditions.remove(old);
        Verdict failed = new Verdict(ConditionType.Ready, FALSE, Reason.ReconcileFailed,
                "The last reconcile failed and will be retried: " + error);
        conditions.add(0, stamp(failed, old, generation, now()));
        status.setConditions(conditions);
        return status;
    }

    /** A status's conditions by type (the last one wins should a type repeat); empty for no status. */
    static Map<String, Condition> byType(SpikeClusterStatus status) {
        return status == null ? Map.of() : status.getConditions().stream()
                .collect(Collectors.toMap(Condition::getType, Function.identity(), (a, b) -> b));
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The condition of {@code verdict}, keeping {@code old}'s transition time when its status is the same. */
    private static Condition stamp(Verdict verdict, Condition old, long generation, String now) {
        String since = old != null && verdict.status().equals(old.getStatus()) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime() : now;
        return new ConditionBuilder().withType(verdict.type().name()).withStatus(verdict.status())
                .withReason(verdict.reason().name()).withMessage(verdict.message())
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }

    /** One condition before it is stamped with times and the generation. */
    record Verdict(ConditionType type, String status, Reason reason, String message) {
    }

    static List<Verdict> verdicts(ClusterObservation seen, Runbook runbook) {
        Verdict nexusAvailable = nexusAvailable(seen);
        Verdict keepersAvailable = keepersAvailable(seen);
        Verdict rootKey = rootKeyAvailable(seen.nexus());
        return List.of(ready(seen, nexusAvailable, keepersAvailable, rootKey), nexusAvailable, keepersAvailable,
                rootKey, shardsDistributed(seen), recoveryRequired(seen, runbook), recoveryFilesCurrent(seen, runbook));
    }

    private static Verdict ready(ClusterObservation seen, Verdict nexus, Verdict keepers, Verdict rootKey) {
        ConditionType type = ConditionType.Ready;
        if (!seen.specProblems().isEmpty()) {
            return new Verdict(type, FALSE, Reason.InvalidSpec,
                    "The spec cannot be deployed: " + String.join("; ", seen.specProblems())
                            + ". Fix it with kubectl edit; running pods are left as they are.");
        }
        if (!TRUE.equals(nexus.status())) {
            return new Verdict(type, FALSE, Reason.NexusUnavailable, nexus.message());
        }
        if (!TRUE.equals(keepers.status())) {
            return new Verdict(type, FALSE, Reason.KeepersUnavailable, keepers.message());
        }
        if (!TRUE.equals(rootKey.status())) {
            return new Verdict(type, FALSE, Reason.RootKeyUnavailable, rootKey.message());
        }
        return new Verdict(type, TRUE, Reason.AllAvailable, "Nexus is READY and enough Keepers are ready.");
    }

    private static Verdict nexusAvailable(ClusterObservation seen) {
        ConditionType type = ConditionType.NexusAvailable;
        if (!seen.nexusDeployed()) {
            return new Verdict(type, FALSE, Reason.NexusNotDeployed, "The Nexus StatefulSet does not exist yet.");
        }
        NexusObservation nexus = seen.nexus();
        if (nexus == null) {
            return new Verdict(type, UNKNOWN, Reason.NexusUnreachable, "Nexus /status has not been read yet.");
        }
        if (!nexus.isReachable()) {
            return new Verdict(type, FALSE, Reason.NexusUnreachable, "Nexus /status cannot be read: " + nexus.problem());
        }
        return new Verdict(type, TRUE, Reason.NexusReachable, "Nexus answers on its health port in state "
                + nexus.state() + ".");
    }

    private static Verdict keepersAvailable(ClusterObservation seen) {
        String counts = seen.keepersReady() + " of " + seen.keepersWanted() + " Keepers ready, "
                + seen.threshold() + " needed to rebuild the root key.";
        return seen.keepersReady() >= seen.threshold() && seen.threshold() >= 1
                ? new Verdict(ConditionType.KeepersAvailable, TRUE, Reason.EnoughKeepersReady, counts)
                : new Verdict(ConditionType.KeepersAvailable, FALSE, Reason.TooFewKeepersReady, counts);
    }

    private static Verdict rootKeyAvailable(NexusObservation nexus) {
        ConditionType type = ConditionType.RootKeyAvailable;
        if (nexus == null || !nexus.isReachable()) {
            return new Verdict(type, UNKNOWN, Reason.NexusUnreachable, "Nexus state is not known.");
        }
        return switch (nexus.state()) {
            case NexusObservation.READY -> new Verdict(type, TRUE, Reason.RootKeyInMemory,
                    "Nexus holds the root key and serves secrets.");
            case "INITIALIZING" -> new Verdict(type, FALSE, Reason.Initializing,
                    "Nexus is creating the root key and sending shards to the Keepers.");
            case "RECOVERING" -> new Verdict(type, FALSE, Reason.Recovering,
                    "Nexus is collecting shards from the Keepers; it recovers by itself once enough Keepers answer.");
            case NexusObservation.RESTORE_REQUIRED -> new Verdict(type, FALSE, Reason.RestoreRequired,
                    "No Keeper holds a shard: the root key must be restored with 'spike restore'.");
            default -> new Verdict(type, UNKNOWN, Reason.StateUnknown, "Nexus reports an unknown state "
                    + nexus.state() + ".");
        };
    }

    private static Verdict shardsDistributed(ClusterObservation seen) {
        ConditionType type = ConditionType.ShardsDistributed;
        NexusObservation nexus = seen.nexus();
        if (nexus == null || !nexus.isReachable()) {
            return new Verdict(type, UNKNOWN, Reason.NexusUnreachable, "Nexus state is not known.");
        }
        // Nexus shares the key as its database says, which may lag a change of keepers.replicas.
        int shares = nexus.shares() > 0 ? nexus.shares() : seen.keepersWanted();
        String counts = nexus.keepersHoldingShard() + " of " + shares + " shards are held by Keepers.";
        NexusObservation.Sharing sharing = nexus.sharing();
        if (sharing != null && sharing.problem() != null) {
            return new Verdict(type, FALSE, Reason.ReshareRefused, counts + " Nexus does not re-share as the spec says: "
                    + sharing.problem() + ".");
        }
        if (sharing != null && sharing.rekeying()) {
            return new Verdict(type, FALSE, Reason.Rekeying, "Nexus is replacing the root key (spike operator rekey):"
                    + " the Keepers get the new key's shards; the old key stays in force until enough hold them.");
        }
        if (sharing != null && sharing.pendingShares() > 0) {
            return new Verdict(type, FALSE, Reason.Resharing, "Nexus is re-sharing the root key as generation "
                    + (sharing.generation() + 1) + " (any " + sharing.pendingThreshold() + " of " + sharing.pendingShares()
                    + "); the Keepers get their new shards.");
        }
        boolean asSpecified = seen.keepersWanted() == shares
                && (nexus.threshold() == 0 || seen.threshold() == nexus.threshold());
        if (!asSpecified && NexusObservation.READY.equals(nexus.state())) {
            return new Verdict(type, FALSE, Reason.Resharing, counts + " The root key is shared any " + nexus.threshold()
                    + " of " + shares + "; the spec asks for any " + seen.threshold() + " of " + seen.keepersWanted()
                    + ": Nexus re-shares it once it runs with the new settings.");
        }
        return NexusObservation.READY.equals(nexus.state()) && nexus.keepersHoldingShard() >= shares
                ? new Verdict(type, TRUE, Reason.AllKeepersHoldShards, counts)
                : new Verdict(type, FALSE, Reason.ShardsMissing, counts);
    }

    private static Verdict recoveryFilesCurrent(ClusterObservation seen, Runbook runbook) {
        ConditionType type = ConditionType.RecoveryFilesCurrent;
        NexusObservation nexus = seen.nexus();
        if (nexus == null || !nexus.isReachable()) {
            return new Verdict(type, UNKNOWN, Reason.NexusUnreachable, "Nexus state is not known.");
        }
        NexusObservation.Sharing sharing = nexus.sharing();
        if (sharing == null) {
            return new Verdict(type, UNKNOWN, Reason.NotReported, "Nexus does not report its recovery files yet.");
        }
        String take = " Take them: " + runbook.switchRole("recover") + " ; then " + runbook.recoverAll()
                + " ; then " + runbook.switchRole("superuser") + ".";
        return switch (sharing.recoveryFiles()) {
            case "current" -> new Verdict(type, TRUE, Reason.FilesCurrent, "Recovery files were taken at "
                    + sharing.recoveredAt() + " for sharing generation " + sharing.generation() + ".");
            case "stale" -> new Verdict(type, FALSE, Reason.Stale, "The recovery files taken at " + sharing.recoveredAt()
                    + (sharing.filesPredateRekey() ? " are of the root key replaced by the rekey of " + sharing.rekeyedAt()
                    + " and no longer restore" : " are of an earlier sharing") + ": take new ones and destroy the old."
                    + take);
            default -> new Verdict(type, FALSE, Reason.NeverTaken, "No recovery files were taken: after losing Nexus"
                    + " and every Keeper, nothing could bring the root key back." + take);
        };
    }

    private static Verdict recoveryRequired(ClusterObservation seen, Runbook runbook) {
        ConditionType type = ConditionType.RecoveryRequired;
        NexusObservation nexus = seen.nexus();
        if (nexus == null || !nexus.isReachable()) {
            return new Verdict(type, UNKNOWN, Reason.NexusUnreachable, "Nexus state is not known.");
        }
        if (NexusObservation.RESTORE_REQUIRED.equals(nexus.state())) {
            int threshold = nexus.threshold() > 0 ? nexus.threshold() : seen.threshold();
            boolean escrow = nexus.sharing() != null && nexus.sharing().escrowCurrent();
            return new Verdict(type, TRUE, Reason.RestoreRequired, RecoveryInstructions.message(runbook,
                    threshold, nexus.restoreCollected(), nexus.restoreRemaining(), escrow));
        }
        return new Verdict(type, FALSE, Reason.NoRecoveryNeeded, "Nexus is " + nexus.state() + ".");
    }
}
