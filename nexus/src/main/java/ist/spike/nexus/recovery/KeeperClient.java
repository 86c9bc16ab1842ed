package ist.spike.nexus.recovery;

import ist.spike.core.crypto.SecretBytes;
import java.net.URI;
import java.util.Optional;

/** Talks to one Keeper. Implementations are thread-safe; calls do network I/O. */
public interface KeeperClient {
    URI url();

    /**
     * The shard the Keeper holds; empty when it holds none.
     *
     * @throws ist.spike.core.error.ConnectionException when the Keeper cannot be reached
     */
    Optional<SecretBytes> fetch();

    /** Gives the Keeper its shard. */
    void contribute(SecretBytes shard);
}
