package ist.spike.nexus.policy;

import java.util.List;

/** Where policies live. Thread-safe; each call is atomic and durable on return. */
public interface PolicyStore {
    /** Every policy that can be read; a damaged one is left out and named by {@link #damaged}. */
    List<Policy> loadAll();

    /**
     * Names of the stored policies the last {@link #loadAll} could not read (tampered with, moved,
     * sealed under another key); each can still be deleted. Empty for a store that cannot be damaged.
     */
    default List<String> damaged() {
        return List.of();
    }

    void save(Policy policy);

    /** Removes the policy; false when there was none. */
    boolean delete(String name);
}
