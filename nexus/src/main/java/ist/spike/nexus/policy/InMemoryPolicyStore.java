package ist.spike.nexus.policy;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** Policies in process memory only (the {@code memory} backend). */
public final class InMemoryPolicyStore implements PolicyStore {
    private final ConcurrentSkipListMap<String, Policy> policies = new ConcurrentSkipListMap<>();

    @Override
    public List<Policy> loadAll() {
        return List.copyOf(policies.values());
    }

    @Override
    public void save(Policy policy) {
        policies.put(policy.name(), policy);
    }

    @Override
    public boolean delete(String name) {
        return policies.remove(name) != null;
    }
}
