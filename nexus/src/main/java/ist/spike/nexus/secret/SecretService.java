package ist.spike.nexus.secret;

import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secret operations of the API over a {@link SecretStore}. Every change is one atomic
 * read-modify-write in the store, so concurrent puts to one path never lose a version.
 * Thread-safe.
 */
public final class SecretService {
    private final SecretStore store;
    private final Clock clock;
    private final int maxVersions;

    public SecretService(SecretStore store, Clock clock, int maxVersions) {
        if (maxVersions < 1) {
            throw new IllegalArgumentException("SPIKE_NEXUS_MAX_SECRET_VERSIONS must be 1 or more, got " + maxVersions);
        }
        this.store = store;
        this.clock = clock;
        this.maxVersions = maxVersions;
    }

    /** Adds a version; returns its number. */
    public int put(String path, Map<String, String> values) {
        Secret.Change change = store.update(path, current -> current
                .map(s -> s.put(values, clock.instant(), maxVersions))
                .orElseGet(() -> Secret.create(path, values, clock.instant(), maxVersions)));
        return change.secret().metadata().currentVersion();
    }

    /** The data of a live version (0 = current). */
    public Map<String, String> get(String path, int version) {
        return store.live(path, version)
                .orElseThrow(() -> new SpikeException(ErrorCode.NOT_FOUND, "no secret, or no live version " + version + ", at that path"))
                .values();
    }

    /**
     * {@link #get} where the store holds the version in memory; empty where it would have to read
     * (or there is none: {@link #get} then says so).
     */
    public Optional<Map<String, String>> getInMemory(String path, int version) {
        return store.liveInMemory(path, version).map(SecretVersion::values);
    }

    public Secret metadata(String path) {
        return existing(store.load(path));
    }

    public void delete(String path, List<Integer> versions) {
        store.update(path, current -> existing(current).delete(versions, clock.instant()));
    }

    public void undelete(String path, List<Integer> versions) {
        store.update(path, current -> existing(current).undelete(versions));
    }

    public List<String> paths() {
        return store.paths();
    }

    private static Secret existing(java.util.Optional<Secret> secret) {
        return secret.orElseThrow(() -> new SpikeException(ErrorCode.NOT_FOUND, "no secret at that path"));
    }
}
