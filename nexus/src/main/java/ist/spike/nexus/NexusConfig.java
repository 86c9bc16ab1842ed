package ist.spike.nexus;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.config.Durations;
import ist.spike.core.server.ListenAddress;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Nexus configuration, read once from the environment in {@code main}.
 *
 * @param keeperIds the exact SPIFFE ID of Keeper {@code i} at {@code keeperPeers[i]}
 *     ({@code SPIKE_NEXUS_KEEPER_IDS}, set by the operator for its cluster's own Keepers); empty
 *     means any Keeper ID of the trusted domains at every URL
 * @param trustRoots the roles' trust domains; the Pilot roles restricted to {@code SPIKE_NEXUS_PILOT_IDS}
 *     when it is set (see {@link #PILOT_ROLES})
 */
public record NexusConfig(ListenAddress tlsAddress, ListenAddress healthAddress, Backend backend, Path dataDir,
                          int maxSecretVersions, ShamirParameters shamir, TrustRoots trustRoots, String spiffeSocket,
                          List<URI> keeperPeers, Duration keeperUpdateInterval, List<SpiffeId> keeperIds) {
    /** The Keepers {@code hack/start.sh} runs. */
    public static final String DEFAULT_PEERS = "https://localhost:8443,https://localhost:8543,https://localhost:8643";
    /**
     * The roles {@code SPIKE_NEXUS_PILOT_IDS} restricts: when it is set (the operator sets it to its
     * cluster's own Pilot IDs), a Pilot role is had only by exactly the listed IDs of that role, so the
     * Pilot of another cluster of the trust domain, whose ID extends the same role base, is refused.
     */
    public static final Set<SpiffeRole> PILOT_ROLES =
            EnumSet.of(SpiffeRole.PILOT_SUPERUSER, SpiffeRole.PILOT_RECOVER, SpiffeRole.PILOT_RESTORE);

    public NexusConfig {
        keeperPeers = List.copyOf(keeperPeers);
        keeperIds = List.copyOf(keeperIds);
        if (!keeperIds.isEmpty() && keeperIds.size() != keeperPeers.size()) {
            throw new IllegalArgumentException("SPIKE_NEXUS_KEEPER_IDS names " + keeperIds.size() + " IDs for "
                    + keeperPeers.size() + " SPIKE_NEXUS_KEEPER_PEERS: give Keeper i's ID in place i, or none");
        }
        if (backend == Backend.SQLITE && keeperPeers.size() != shamir.shares()) {
            throw new IllegalArgumentException("SPIKE_NEXUS_KEEPER_PEERS names " + keeperPeers.size()
                    + " Keepers but SPIKE_NEXUS_SHAMIR_SHARES is " + shamir.shares() + ": give one Keeper per share");
        }
    }

    /** Who may answer at Keeper URL {@code i}: exactly its allow-listed ID, or any Keeper. */
    public Predicate<SpiffeId> keeperAt(int i) {
        return trustRoots.peers(SpiffeRole.KEEPER, keeperIds.isEmpty() ? List.of() : List.of(keeperIds.get(i)));
    }

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
        TrustRoots domains = TrustRoots.fromEnvironment(env);
        TrustRoots roots = domains.onlyIds(PILOT_ROLES,
                domains.idsOf("SPIKE_NEXUS_PILOT_IDS", env.get("SPIKE_NEXUS_PILOT_IDS"), PILOT_ROLES));
        return new NexusConfig(
                ListenAddress.parse("SPIKE_NEXUS_TLS_PORT", env.getOrDefault("SPIKE_NEXUS_TLS_PORT", ":8553")),
                ListenAddress.parse("SPIKE_NEXUS_HEALTH_PORT", env.getOrDefault("SPIKE_NEXUS_HEALTH_PORT", ":8554")),
                backend(env.getOrDefault("SPIKE_NEXUS_BACKEND_STORE", "sqlite")),
                Path.of(env.getOrDefault("SPIKE_NEXUS_DATA_DIR", Path.of(home, ".spike").toString())),
                positive(env, "SPIKE_NEXUS_MAX_SECRET_VERSIONS", 10),
                shamir(env),
                roots,
                WorkloadApi.socketAddress(env),
                peers(env.getOrDefault("SPIKE_NEXUS_KEEPER_PEERS", DEFAULT_PEERS)),
                duration("SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", env.getOrDefault("SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", "5s")),
                roots.idsOf("SPIKE_NEXUS_KEEPER_IDS", env.get("SPIKE_NEXUS_KEEPER_IDS"), SpiffeRole.KEEPER));
    }

    private static List<URI> peers(String text) {
        List<URI> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("SPIKE_NEXUS_KEEPER_PEERS: '" + s + "' is not a URL");
            }
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("SPIKE_NEXUS_KEEPER_PEERS: '" + s + "' must be an https:// URL");
            }
            out.add(uri);
        }
        return out;
    }

    /** A positive duration setting: {@code 500ms}, {@code 5s}, {@code 2m}, ISO-8601. */
    static Duration duration(String variable, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage());
        }
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
