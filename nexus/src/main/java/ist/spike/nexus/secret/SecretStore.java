package ist.spike.nexus.secret;

import java.util.List;
import java.util.Optional;

/**
 * Where secrets live. Implementations encrypt at rest where they persist, are thread-safe, and
 * make each {@link #write} atomic: after a crash either all of a change is there or none of it.
 */
public interface SecretStore {
    Optional<Secret> load(String path);

    /** Persists a change: the new metadata, the written rows, the removed versions. Durable on return. */
    void write(Secret.Change change);

    /** Every stored path, sorted. */
    List<String> paths();
}
