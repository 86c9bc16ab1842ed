package ist.spike.operator;

import ist.spike.operator.status.HttpNexusStatusSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Operator settings, read once from the environment in {@code main}.
 *
 * @param namespaces namespaces to watch; empty means all
 * @param healthPort port of {@code /livez}, {@code /readyz} and {@code /metrics}
 * @param leaderElection whether to take a Lease before reconciling (off only for a single local run)
 * @param leaseNamespace namespace of the Lease; null means the client's namespace
 * @param serverSideApply off for API servers without server-side apply, such as fabric8's mock server
 * @param nexusStatusUrl template of each cluster's Nexus {@code /status} URL ({name}, {namespace})
 * @param nexusPollInterval how often Nexus {@code /status} is read
 * @param identityNamespaces namespaces whose SpikeClusters may have the operator create
 *     ClusterSPIFFEIDs ({@code *} for all); empty means none
 * @param hostPaths node directories a SpikeCluster may mount with {@code spiffe.socket: hostPath}
 */
public record OperatorConfig(Set<String> namespaces, int healthPort, boolean leaderElection, String leaseName,
                             String leaseNamespace, boolean serverSideApply, String nexusStatusUrl,
                             Duration nexusPollInterval, Set<String> identityNamespaces, Set<String> hostPaths) {
    /** The SPIRE agent's socket directory, the only node directory a SpikeCluster may mount by default. */
    public static final String DEFAULT_HOST_PATH = "/run/spire/agent-sockets";

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    public OperatorConfig {
        namespaces = Set.copyOf(namespaces);
        identityNamespaces = Set.copyOf(identityNamespaces);
        hostPaths = Set.copyOf(hostPaths);
        if (healthPort < 0 || healthPort > 65535) {
            throw new IllegalArgumentException("SPIKE_OPERATOR_HEALTH_PORT must be a port number, got " + healthPort);
        }
        if (nexusPollInterval.isZero() || nexusPollInterval.isNegative()) {
            throw new IllegalArgumentException("SPIKE_OPERATOR_NEXUS_POLL_INTERVAL must be positive");
        }
    }

    public static OperatorConfig fromEnvironment(Map<String, String> env) {
        return new OperatorConfig(
                list(env.getOrDefault("SPIKE_OPERATOR_NAMESPACES", "")),
                port(env.getOrDefault("SPIKE_OPERATOR_HEALTH_PORT", ":8080")),
                bool(env, "SPIKE_OPERATOR_LEADER_ELECTION", true),
                env.getOrDefault("SPIKE_OPERATOR_LEASE_NAME", "spike-operator"),
                env.get("SPIKE_OPERATOR_LEASE_NAMESPACE"),
                bool(env, "SPIKE_OPERATOR_SERVER_SIDE_APPLY", true),
                env.getOrDefault("SPIKE_OPERATOR_NEXUS_STATUS_URL", HttpNexusStatusSource.DEFAULT_URL_TEMPLATE),
                duration(env.getOrDefault("SPIKE_OPERATOR_NEXUS_POLL_INTERVAL", "5s")),
                list(env.getOrDefault("SPIKE_OPERATOR_IDENTITY_NAMESPACES", "")),
                list(env.getOrDefault("SPIKE_OPERATOR_HOST_PATHS", DEFAULT_HOST_PATH)));
    }

    private static Set<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private static int port(String text) {
        String digits = text.startsWith(":") ? text.substring(1) : text;
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SPIKE_OPERATOR_HEALTH_PORT must look like :8080, got '" + text + "'");
        }
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String text = env.getOrDefault(name, Boolean.toString(fallback)).strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + text + "'");
        };
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("SPIKE_OPERATOR_NEXUS_POLL_INTERVAL must look like 500ms, 5s or 1m, got '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
