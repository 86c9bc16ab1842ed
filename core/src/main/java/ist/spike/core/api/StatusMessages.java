package ist.spike.core.api;

import java.util.List;

/** The Nexus status object of {@code /status} and {@code /v1/status}. It never holds key material. */
public final class StatusMessages {
    private StatusMessages() {
    }

    /**
     * @param damagedPolicies names of stored policies that failed their integrity check and are
     *     ignored until deleted (never their content)
     */
    public record NexusStatus(String state, String backend, ShamirInfo shamir, List<KeeperInfo> keepers,
                              RestoreProgress restore, List<BadShard> badShards, List<String> damagedPolicies,
                              SharingInfo sharing, KeyringInfo keyring) {
        public NexusStatus {
            keepers = keepers == null ? List.of() : List.copyOf(keepers);
            badShards = badShards == null ? List.of() : List.copyOf(badShards);
            damagedPolicies = damagedPolicies == null ? List.of() : List.copyOf(damagedPolicies);
        }

        /** A status without sharing details (the memory backend, or a Nexus that does not report them). */
        public NexusStatus(String state, String backend, ShamirInfo shamir, List<KeeperInfo> keepers,
                           RestoreProgress restore, List<BadShard> badShards, List<String> damagedPolicies) {
            this(state, backend, shamir, keepers, restore, badShards, damagedPolicies, null, null);
        }
    }

    /**
     * The keyring (DESIGN §6): the key term new rows are sealed with, and a rewrap in progress.
     */
    public record KeyringInfo(int term, RewrapInfo rewrap) {
    }

    /** Rows still to re-seal under the current term ({@code 0} when no rewrap runs). */
    public record RewrapInfo(long remaining) {
    }

    /**
     * The root key's sharing (DESIGN §3a, §6).
     *
     * @param generation the current sharing generation (1 at first start, one more per re-share or rekey)
     * @param recoveryFiles {@code none} (never taken), {@code current} (taken of this generation, or of an
     *     earlier one with the same T of the same key) or {@code stale} (take new ones and destroy the old)
     * @param recoveredAt when recovery files were last taken (RFC 3339), or null
     * @param escrow passphrase escrow: {@code none}, {@code current} (holds the root key in force) or
     *     {@code stale} (holds a key a rekey replaced: it restores nothing)
     * @param pending the N and T a re-share is moving to, or null
     * @param problem why the configured sharing is not being applied, or null
     * @param rekeyedAt when {@code spike operator rekey} last replaced the root key (RFC 3339), or null
     * @param rekeying true while a rekey waits for its threshold of Keepers to hold the new key's shards
     * @param escrowFailures wrong passphrases given to {@code spike restore --passphrase} since the last right one
     * @param escrowRetryAt the next passphrase attempt is refused before this time (RFC 3339), or null
     */
    public record SharingInfo(int generation, String recoveryFiles, String recoveredAt, String escrow,
                              ShamirInfo pending, String problem, String rekeyedAt, boolean rekeying,
                              int escrowFailures, String escrowRetryAt) {
        /** Sharing of a key never rekeyed, without an escrow. */
        public SharingInfo(int generation, String recoveryFiles, String recoveredAt, String escrow, ShamirInfo pending,
                           String problem) {
            this(generation, recoveryFiles, recoveredAt, escrow, pending, problem, null, false, 0, null);
        }
    }

    public record ShamirInfo(int shares, int threshold) {
    }

    public record KeeperInfo(int id, String url, boolean reachable, boolean holdsShard) {
    }

    public record RestoreProgress(int collected, int remaining) {
    }

    /** A shard that was refused, named by its ID and why; never by its value. */
    public record BadShard(int id, String reason) {
    }
}
