package ist.spike.nexus.secret;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Secrets in process memory only (the {@code memory} backend, for development): gone at exit. */
public final class InMemorySecretStore implements SecretStore {
    private final ConcurrentSkipListMap<String, Secret> secrets = new ConcurrentSkipListMap<>();

    @Override
    public Optional<Secret> load(String path) {
        return Optional.ofNullable(secrets.get(path));
    }

    @Override
    public void write(Secret.Change change) {
        secrets.put(change.secret().path(), change.secret());
    }

    @Override
    public List<String> paths() {
        return List.copyOf(secrets.keySet());
    }
}
