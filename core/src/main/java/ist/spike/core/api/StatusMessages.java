package ist.spike.core.api;

import java.util.List;

/** The Nexus status object of {@code /status} and {@code /v1/status}. It never holds key material. */
public final class StatusMessages {
    private StatusMessages() {
    }

    public record NexusStatus(String state, String backend, ShamirInfo shamir, List<KeeperInfo> keepers,
                              RestoreProgress restore, List<BadShard> badShards) {
        public NexusStatus {
            keepers = keepers == null ? List.of() : List.copyOf(keepers);
            badShards = badShards == null ? List.of() : List.copyOf(badShards);
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
