package ist.spike.nexus.recovery;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ConnectionException;
import java.net.URI;
import java.util.Optional;

/** A Keeper in memory: it holds a shard or not, and can be made unreachable. */
final class FakeKeeper implements KeeperClient {
    private final URI url;
    private volatile SecretBytes shard;
    private volatile boolean reachable = true;
    volatile int contributions;
    private volatile boolean refusing;

    FakeKeeper(int id) {
        this.url = URI.create("https://keeper-" + id + ":8443");
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public Optional<SecretBytes> fetch() {
        if (!reachable) {
            throw new ConnectionException("unreachable", null);
        }
        SecretBytes s = shard;
        return s == null ? Optional.empty() : Optional.of(SecretBytes.copyOf(s.revealCopy()));
    }

    @Override
    public void contribute(SecretBytes newShard) {
        if (!reachable || refusing) {
            throw new ConnectionException("unreachable", null);
        }
        shard = SecretBytes.copyOf(newShard.revealCopy());
        contributions++;
    }

    void restart() {
        shard = null;
    }

    void reachable(boolean value) {
        reachable = value;
    }

    /** Answers {@code fetch} but takes no new shard (as a Keeper that stops answering mid-push). */
    void refuseContributions(boolean value) {
        refusing = value;
    }

    /** A copy of the shard held, as share {@code id}; null when none. */
    ist.spike.core.shamir.Share held(int id) {
        SecretBytes s = shard;
        return s == null ? null : new ist.spike.core.shamir.Share(id, SecretBytes.copyOf(s.revealCopy()));
    }

    void hold(SecretBytes value) {
        shard = value;
    }

    boolean holds() {
        return shard != null;
    }
}
