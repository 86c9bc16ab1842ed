package ist.spike.nexus.secret;

import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The secret operations of the API over a {@link SecretStore}: read-modify-write under a lock per
 * path (striped), so concurrent puts to one path never lose a version. Thread-safe.
 */
public final class SecretService {
    private static final int STRIPES = 64;

    private final SecretStore store;
    private final Clock clock;
    private final int maxVersions;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public SecretService(SecretStore store, Clock clock, int maxVersions) {
        if (maxVersions < 1) {
            throw new IllegalArgumentException("SPIKE_NEXUS_MAX_SECRET_VERSIONS must be 1 or more, got " + maxVersions);
        }
        this.store = store;
        this.clock = clock;
        this.maxVersions = maxVersions;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Adds a version; returns its number. */
    public int put(String path, Map<String, String> values) {
        return locked(path, () -> {
            Secret.Change change = store.load(path)
                    .map(s -> s.put(values, clock.instant(), maxVersions))
                    .orElseGet(() -> Secret.create(path, values, clock.instant(), maxVersions));
            store.write(change);
            return change.secret().metadata().currentVersion();
        });
    }

    /** The data of a live version (0 = current). */
    public Map<String, String> get(String path, int version) {
        return existing(path).live(version)
                .orElseThrow(() -> new SpikeException(ErrorCode.NOT_FOUND, "no live version " + version + " at that path"))
                .values();
    }

    public Secret metadata(String path) {
        return existing(path);
    }

    public void delete(String path, List<Integer> versions) {
        locked(path, () -> {
            Secret.Change change = existing(path).delete(versions, clock.instant());
            if (!change.isEmpty()) {
                store.write(change);
            }
            return null;
        });
    }

    public void undelete(String path, List<Integer> versions) {
        locked(path, () -> {
            Secret.Change change = existing(path).undelete(versions);
            if (!change.isEmpty()) {
                store.write(change);
            }
            return null;
        });
    }

    public List<String> paths() {
        return store.paths();
    }

    private Secret existing(String path) {
        return store.load(path).orElseThrow(() -> new SpikeException(ErrorCode.NOT_FOUND, "no secret at that path"));
    }

    private <T> T locked(String path, java.util.function.Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(path.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
