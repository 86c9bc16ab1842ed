package ist.spike.nexus.secret;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where secrets live. Implementations encrypt at rest where they persist and are thread-safe.
 */
public interface SecretStore {
    Optional<Secret> load(String path);

    /**
     * The live version {@code version} of the secret at {@code path} (0 = its current version);
     * empty when there is no secret there, no such version, or it is soft-deleted. What a get
     * needs and nothing more: stores may answer it without reading the whole secret.
     */
    default Optional<SecretVersion> live(String path, int version) {
        return load(path).flatMap(secret -> secret.live(version));
    }

    /**
     * {@link #live} as far as memory alone answers it, never waiting on I/O: empty when the version is
     * not held in memory (or is not there at all; {@link #live} tells which). The in-memory store
     * holds everything.
     */
    default Optional<SecretVersion> liveInMemory(String path, int version) {
        return Optional.empty();
    }

    /**
     * Atomically: reads the secret at {@code path} (empty when there is none), computes the change
     * with {@code operation}, and persists it. No other update of the path interleaves; after a
     * crash either all of the change is there or none of it. Durable on return. Exceptions thrown
     * by {@code operation} leave the store unchanged and reach the caller.
     */
    Secret.Change update(String path, Function<Optional<Secret>, Secret.Change> operation);

    /** Every stored path, sorted. */
    List<String> paths();
}
