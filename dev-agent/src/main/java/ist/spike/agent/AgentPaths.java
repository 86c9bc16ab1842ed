package ist.spike.agent;

import java.nio.file.Path;

/** Where the dev agent keeps its state: {@code ~/.spike/agent/}. */
public record AgentPaths(Path dir) {
    public static AgentPaths underHome(Path home) {
        return new AgentPaths(home.resolve(".spike").resolve("agent"));
    }

    public Path entries() {
        return dir.resolve("entries.json");
    }

    public Path caKey() {
        return dir.resolve("ca.key");
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** Taken while the CA is created, so {@code run} and {@code issue} never make two CAs. */
    public Path caLock() {
        return dir.resolve(".ca.lock");
    }

    public Path socket(String name) {
        return dir.resolve(name + ".sock");
    }
}
