package ist.spike.nexus;

import ist.spike.core.server.ListenAddress;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Nexus configuration, read once from the environment in {@code main}. */
public record NexusConfig(ListenAddress tlsAddress, ListenAddress healthAddress, Backend backend, Path dataDir,
                          int maxSecretVersions, ShamirParameters shamir, TrustRoots trustRoots, String spiffeSocket) {

    /** Where secrets are kept. */
    public enum Backend {
        SQLITE, MEMORY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code ~/.spike/data/spike.db}, or under {@code SPIKE_NEXUS_DATA_DIR}. */
    public Path databaseFile() {
        return dataDir.resolve("data").resolve("spike.db");
    }

    /**
     * @throws IllegalArgumentException naming the variable when a value is malformed
     */
    public static NexusConfig fromEnvironment(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new NexusConfig(
                ListenAddress.parse("SPIKE_NEXUS_TLS_PORT", env.getOrDefault("SPIKE_NEXUS_TLS_PORT", ":8553")),
                ListenAddress.parse("SPIKE_NEXUS_HEALTH_PORT", env.getOrDefault("SPIKE_NEXUS_HEALTH_PORT", ":8554")),
                backend(env.getOrDefault("SPIKE_NEXUS_BACKEND_STORE", "sqlite")),
                Path.of(env.getOrDefault("SPIKE_NEXUS_DATA_DIR", Path.of(home, ".spike").toString())),
                positive(env, "SPIKE_NEXUS_MAX_SECRET_VERSIONS", 10),
                shamir(env),
                TrustRoots.fromEnvironment(env),
                WorkloadApi.socketAddress(env));
    }

    private static Backend backend(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "sqlite" -> Backend.SQLITE;
            case "memory" -> Backend.MEMORY;
            default -> throw new IllegalArgumentException("SPIKE_NEXUS_BACKEND_STORE must be sqlite or memory, got '" + text + "'");
        };
    }

    private static ShamirParameters shamir(Map<String, String> env) {
        int shares = positive(env, "SPIKE_NEXUS_SHAMIR_SHARES", 3);
        int threshold = positive(env, "SPIKE_NEXUS_SHAMIR_THRESHOLD", 2);
        try {
            return new ShamirParameters(shares, threshold);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SPIKE_NEXUS_SHAMIR_SHARES/SPIKE_NEXUS_SHAMIR_THRESHOLD: " + e.getMessage());
        }
    }

    private static int positive(Map<String, String> env, String variable, int fallback) {
        String raw = env.get(variable);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a whole number of 1 or more, got '" + raw + "'");
        }
    }
}
