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
                              RestoreProgress restore, List<BadShard> badShards, List<String> damagedPolicies) {
        public NexusStatus {
            keepers = keepers == null ? List.of() : List.copyOf(keepers);
            badShards = badShards == null ? List.of() : List.copyOf(badShards);
            damagedPolicies = damagedPolicies == null ? List.of() : List.copyOf(damagedPolicies);
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
