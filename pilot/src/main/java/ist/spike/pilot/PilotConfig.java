package ist.spike.pilot;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.pilot.failure.PilotException;
import ist.spike.pilot.failure.RoleSwitch;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Everything Pilot reads from its environment, read once in {@code main}. Immutable.
 *
 * @param nexusUrl {@code SPIKE_NEXUS_API_URL}, default {@value #DEFAULT_NEXUS_URL}
 * @param workloadSocket {@code SPIFFE_ENDPOINT_SOCKET}, default the SPIRE agent's path
 * @param trustRoots the {@code SPIKE_TRUST_ROOT_*} variables; Nexus must be in {@code SPIKE_TRUST_ROOT_NEXUS}
 * @param recoveryDir {@code SPIKE_PILOT_RECOVERY_DIR}, default {@code $HOME/.spike/recover}
 * @param svidTimeout how long to wait for the first SVID
 * @param requestTimeout connect and answer timeout of each call to Nexus
 * @param nexusIds {@code SPIKE_PILOT_NEXUS_IDS}: the exact Nexus IDs to talk to (the operator sets its
 *     cluster's own); empty means any Nexus ID of the trusted domains
 * @param roleSwitch {@code SPIKE_PILOT_ROLE_SWITCH}: how this Pilot changes role, for hints
 */
public record PilotConfig(URI nexusUrl, String workloadSocket, TrustRoots trustRoots, Path recoveryDir,
                          Duration svidTimeout, Duration requestTimeout, List<SpiffeId> nexusIds,
                          RoleSwitch roleSwitch) {
    public static final String NEXUS_URL_VARIABLE = "SPIKE_NEXUS_API_URL";
    public static final String DEFAULT_NEXUS_URL = "https://localhost:8553";
    public static final String RECOVERY_DIR_VARIABLE = "SPIKE_PILOT_RECOVERY_DIR";
    public static final String NEXUS_IDS_VARIABLE = "SPIKE_PILOT_NEXUS_IDS";
    static final Duration SVID_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public PilotConfig {
        Objects.requireNonNull(nexusUrl, "nexusUrl");
        Objects.requireNonNull(workloadSocket, "workloadSocket");
        Objects.requireNonNull(trustRoots, "trustRoots");
        Objects.requireNonNull(recoveryDir, "recoveryDir");
        Objects.requireNonNull(svidTimeout, "svidTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        nexusIds = List.copyOf(nexusIds);
        Objects.requireNonNull(roleSwitch, "roleSwitch");
    }

    /** Everything but the Nexus allow-list (then any Nexus of the trusted domains) and the role switch (the scripts). */
    public PilotConfig(URI nexusUrl, String workloadSocket, TrustRoots trustRoots, Path recoveryDir,
                       Duration svidTimeout, Duration requestTimeout) {
        this(nexusUrl, workloadSocket, trustRoots, recoveryDir, svidTimeout, requestTimeout, List.of(), RoleSwitch.SCRIPTS);
    }

    /** The Nexus this Pilot completes a handshake with. */
    public Predicate<SpiffeId> nexus() {
        return trustRoots.peers(SpiffeRole.NEXUS, nexusIds);
    }

    /**
     * Reads the configuration from {@code env}. {@code HOME} comes from the environment (so a test
     * can run under a temporary home); the JVM's {@code user.home} is used only when it is unset.
     *
     * @throws PilotException naming the variable to fix when a value is malformed
     */
    public static PilotConfig fromEnvironment(Map<String, String> env) {
        TrustRoots roots;
        List<SpiffeId> nexusIds;
        RoleSwitch roleSwitch;
        try {
            roots = TrustRoots.fromEnvironment(env);
            nexusIds = roots.idsOf(NEXUS_IDS_VARIABLE, env.get(NEXUS_IDS_VARIABLE), SpiffeRole.NEXUS);
            roleSwitch = RoleSwitch.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw PilotException.usage(e.getMessage() + ": fix or unset it");
        }
        return new PilotConfig(nexusUrl(env), WorkloadApi.socketAddress(env), roots, recoveryDir(env),
                SVID_TIMEOUT, REQUEST_TIMEOUT, nexusIds, roleSwitch);
    }

    static URI nexusUrl(Map<String, String> env) {
        String raw = valueOr(env, NEXUS_URL_VARIABLE, DEFAULT_NEXUS_URL);
        String problem = NEXUS_URL_VARIABLE + " is '" + raw + "'; it must look like " + DEFAULT_NEXUS_URL;
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw PilotException.usage(problem);
        }
        boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || !bare
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw PilotException.usage(problem + " (https, a host, an optional port, nothing else)");
        }
        return uri;
    }

    static Path recoveryDir(Map<String, String> env) {
        String override = env.get(RECOVERY_DIR_VARIABLE);
        if (override != null && !override.isBlank()) {
            return Path.of(override.strip()).toAbsolutePath();
        }
        String home = valueOr(env, "HOME", System.getProperty("user.home"));
        return Path.of(home).resolve(".spike").resolve("recover").toAbsolutePath();
    }

    private static String valueOr(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
