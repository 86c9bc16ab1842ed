package ist.spike.keeper;

import ist.spike.core.crypto.SecretBytes;
import java.util.Optional;

/**
 * The Keeper's one shard, in memory only. Replacing it zeroes the old one; {@link #close()} zeroes
 * it at shutdown. Hands out copies. Thread-safe.
 */
public final class ShardHolder implements AutoCloseable {
    private SecretBytes shard;

    /** Takes ownership of {@code newShard}. */
    public synchronized void replace(SecretBytes newShard) {
        if (shard != null) {
            shard.destroy();
        }
        shard = newShard;
    }

    /** A copy of the shard, if there is one; the caller destroys it when done. */
    public synchronized Optional<SecretBytes> copy() {
        return shard == null ? Optional.empty() : Optional.of(SecretBytes.copyOf(shard.revealCopy()));
    }

    public synchronized boolean holdsShard() {
        return shard != null;
    }

    @Override
    public synchronized void close() {
        if (shard != null) {
            shard.destroy();
            shard = null;
        }
    }

    @Override
    public String toString() {
        return "ShardHolder[" + (holdsShard() ? "holds a shard" : "empty") + "]";
    }
}
