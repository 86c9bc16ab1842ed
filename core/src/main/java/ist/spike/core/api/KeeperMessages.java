package ist.spike.core.api;

import ist.spike.core.crypto.SecretBytes;

/** Wire records of the Keeper API and the Keeper's health status. */
public final class KeeperMessages {
    private KeeperMessages() {
    }

    /** {@code {"shard":[32 ints]}}: the contribute request and the shard answer. */
    public record ShardMessage(SecretBytes shard) {
        @Override
        public String toString() {
            return "ShardMessage[shard redacted]";
        }
    }

    /** Keeper {@code /status}: {@code {"holdsShard":true}}. */
    public record KeeperStatus(boolean holdsShard) {
    }
}
