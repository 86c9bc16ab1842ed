package ist.spike.nexus.policy;

import java.util.List;

/** Where policies live. Thread-safe; each call is atomic and durable on return. */
public interface PolicyStore {
    List<Policy> loadAll();

    void save(Policy policy);

    /** Removes the policy; false when there was none. */
    boolean delete(String name);
}
