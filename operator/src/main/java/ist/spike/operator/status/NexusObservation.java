package ist.spike.operator.status;

import java.util.Objects;

/**
 * What the operator last read from a Nexus's health-port {@code /status}, or why it could not read it.
 * Equal observations mean nothing changed, so the poller only wakes the reconciler on a difference.
 * Security: built from the status object only, which never holds key material.
 *
 * @param state Nexus state ({@code INITIALIZING}, {@code RECOVERING}, {@code RESTORE_REQUIRED},
 *     {@code READY}) or null when unreachable
 * @param shares the Shamir shares of the root key as Nexus uses them (its database's, which can
 *     differ from the spec after a change of {@code keepers}); 0 when not reported
 * @param threshold the shares needed to rebuild the key, as Nexus uses them; 0 when not reported
 * @param problem why Nexus could not be read, or null when it was
 * @param sharing the root key's sharing generation and recovery files, or null when Nexus does not report them
 */
public record NexusObservation(String state, int keepersHoldingShard, int restoreCollected, int restoreRemaining,
                               int shares, int threshold, String problem, Sharing sharing) {
    public static final String READY = "READY";
    public static final String RESTORE_REQUIRED = "RESTORE_REQUIRED";

    /**
     * Nexus's {@code sharing} (DESIGN §6).
     *
     * @param recoveryFiles {@code none}, {@code current} or {@code stale}
     * @param pendingShares the N a re-share is moving to, 0 when none is
     * @param problem why Nexus does not apply the sharing it is configured with, or null
     * @param escrow the passphrase escrow: {@code none}, {@code current} (restores the key in force) or {@code stale}
     */
    public record Sharing(int generation, String recoveryFiles, String recoveredAt, int pendingShares,
                          int pendingThreshold, String problem, String rekeyedAt, boolean rekeying, String escrow) {
        /** The sharing of a key never rekeyed, without an escrow. */
        public Sharing(int generation, String recoveryFiles, String recoveredAt, int pendingShares, int pendingThreshold,
                       String problem) {
            this(generation, recoveryFiles, recoveredAt, pendingShares, pendingThreshold, problem, null, false, "none");
        }

        /** True when a passphrase escrow holds the root key in force ({@code spike restore --passphrase} restores it). */
        public boolean escrowCurrent() {
            return "current".equals(escrow);
        }

        /** True when the recovery files were taken before the last rekey: they no longer restore. */
        public boolean filesPredateRekey() {
            return rekeyedAt != null && (recoveredAt == null || rekeyedAt.compareTo(recoveredAt) > 0);
        }
    }

    public NexusObservation {
        if ((state == null) == (problem == null)) {
            throw new IllegalArgumentException("an observation has either a state or a problem");
        }
    }

    public static NexusObservation reachable(String state, int keepersHoldingShard, int restoreCollected,
                                             int restoreRemaining) {
        return reachable(state, keepersHoldingShard, restoreCollected, restoreRemaining, 0, 0);
    }

    public static NexusObservation reachable(String state, int keepersHoldingShard, int restoreCollected,
                                             int restoreRemaining, int shares, int threshold) {
        return new NexusObservation(Objects.requireNonNull(state), keepersHoldingShard, restoreCollected,
                restoreRemaining, shares, threshold, null, null);
    }

    /** This observation with Nexus's sharing details. */
    public NexusObservation withSharing(Sharing details) {
        return new NexusObservation(state, keepersHoldingShard, restoreCollected, restoreRemaining, shares, threshold,
                problem, details);
    }

    public static NexusObservation unreachable(String problem) {
        return new NexusObservation(null, 0, 0, 0, 0, 0, Objects.requireNonNull(problem), null);
    }

    public boolean isReachable() {
        return state != null;
    }
}
