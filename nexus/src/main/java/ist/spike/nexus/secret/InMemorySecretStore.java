package ist.spike.nexus.secret;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Secrets in process memory only (the {@code memory} backend, for development): gone at exit. */
public final class InMemorySecretStore implements SecretStore {
    private final ConcurrentHashMap<String, Secret> secrets = new ConcurrentHashMap<>();

    @Override
    public Optional<Secret> load(String path) {
        return Optional.ofNullable(secrets.get(path));
    }

    @Override
    public Optional<SecretVersion> liveInMemory(String path, int version) {
        return live(path, version);
    }

    @Override
    public Secret.Change update(String path, Function<Optional<Secret>, Secret.Change> operation) {
        Secret.Change[] change = new Secret.Change[1];
        // ConcurrentHashMap.compute runs once, atomically, per key.
        secrets.compute(path, (p, current) -> {
            change[0] = operation.apply(Optional.ofNullable(current));
            return change[0].secret();
        });
        return change[0];
    }

    @Override
    public List<String> paths() {
        return secrets.keySet().stream().sorted().toList();
    }
}
