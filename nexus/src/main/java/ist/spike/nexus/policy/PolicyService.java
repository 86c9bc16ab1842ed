package ist.spike.nexus.policy;

import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.secret.SecretPaths;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies: validated and compiled on the way in, kept compiled in memory (an immutable snapshot
 * swapped on every change) so authorization never touches the store. Writes are serialized.
 */
public final class PolicyService {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyService.class);

    private final PolicyStore store;
    private final Clock clock;
    private volatile Map<String, CompiledPolicy> snapshot;

    /** Policies are loaded from the store on first use (after Nexus has its root key). */
    public PolicyService(PolicyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    private Map<String, CompiledPolicy> snapshot() {
        Map<String, CompiledPolicy> s = snapshot;
        if (s == null) {
            synchronized (this) {
                if (snapshot == null) {
                    snapshot = compileAll(store.loadAll());
                }
                s = snapshot;
            }
        }
        return s;
    }

    private static Map<String, CompiledPolicy> compileAll(List<Policy> policies) {
        Map<String, CompiledPolicy> out = new TreeMap<>();
        for (Policy policy : policies) {
            try {
                out.put(policy.name(), CompiledPolicy.of(policy));
            } catch (SpikeException e) {
                // Stored before a validation rule it now fails: it hides itself, not every other policy.
                LOG.error("stored policy '{}' is ignored: {}", policy.name(), e.getMessage());
            }
        }
        return Map.copyOf(out);
    }

    /** Creates or replaces the policy named {@code name}; the creation time survives replacement. */
    public synchronized Policy upsert(String name, String spiffeIdPattern, String pathPattern, List<String> permissions) {
        SecretPaths.requireName("a policy name", name);
        var now = clock.instant();
        Policy candidate = new Policy(name, spiffeIdPattern, pathPattern, Permission.parse(permissions), now, now);
        CompiledPolicy compiled = CompiledPolicy.of(candidate);
        Policy stored = Optional.ofNullable(snapshot().get(name)).map(old -> old.policy().updated(candidate)).orElse(candidate);
        store.save(stored);
        Map<String, CompiledPolicy> next = new TreeMap<>(snapshot());
        next.put(name, new CompiledPolicy(stored, compiled.spiffeId(), compiled.path(), compiled.confinedToSystem()));
        snapshot = Map.copyOf(next);
        return stored;
    }

    public Policy get(String name) {
        CompiledPolicy p = snapshot().get(name);
        if (p == null) {
            throw new SpikeException(ErrorCode.NOT_FOUND, "no policy with that name");
        }
        return p.policy();
    }

    /** Policies sorted by name, optionally only those with exactly these patterns. */
    public List<Policy> list(String spiffeIdPattern, String pathPattern) {
        return snapshot().values().stream().map(CompiledPolicy::policy)
                .filter(p -> spiffeIdPattern == null || spiffeIdPattern.equals(p.spiffeIdPattern()))
                .filter(p -> pathPattern == null || pathPattern.equals(p.pathPattern()))
                .sorted(java.util.Comparator.comparing(Policy::name))
                .toList();
    }

    /** Deletes a policy, or a damaged one that could not be read ({@link PolicyStore#damaged}). */
    public synchronized void delete(String name) {
        boolean known = snapshot().containsKey(name) || store.damaged().contains(name);
        if (!known || !store.delete(name)) {
            throw new SpikeException(ErrorCode.NOT_FOUND, "no policy with that name");
        }
        Map<String, CompiledPolicy> next = new TreeMap<>(snapshot());
        next.remove(name);
        snapshot = Map.copyOf(next);
    }

    Collection<CompiledPolicy> compiled() {
        return snapshot().values();
    }
}
