package ist.spike.keeper;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.server.ListenAddress;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Keeper configuration, read once from the environment in {@code main}.
 *
 * @param nexusIds the exact Nexus IDs this Keeper serves ({@code SPIKE_KEEPER_NEXUS_IDS}: its own
 *     cluster's Nexus, set by the operator); empty means any Nexus ID of the trusted domains
 */
public record KeeperConfig(ListenAddress tlsAddress, ListenAddress healthAddress, TrustRoots trustRoots,
                           String spiffeSocket, List<SpiffeId> nexusIds) {
    public KeeperConfig {
        nexusIds = List.copyOf(nexusIds);
    }

    /** @throws IllegalArgumentException naming the variable when a value is malformed */
    public static KeeperConfig fromEnvironment(Map<String, String> env) {
        TrustRoots roots = TrustRoots.fromEnvironment(env);
        return new KeeperConfig(
                ListenAddress.parse("SPIKE_KEEPER_TLS_PORT", env.getOrDefault("SPIKE_KEEPER_TLS_PORT", ":8443")),
                ListenAddress.parse("SPIKE_KEEPER_HEALTH_PORT", env.getOrDefault("SPIKE_KEEPER_HEALTH_PORT", ":8444")),
                roots,
                WorkloadApi.socketAddress(env),
                roots.idsOf("SPIKE_KEEPER_NEXUS_IDS", env.get("SPIKE_KEEPER_NEXUS_IDS"), SpiffeRole.NEXUS));
    }

    /** Who may talk to this Keeper: the allow-listed Nexus, or any Nexus. */
    public Predicate<SpiffeId> nexus() {
        return trustRoots.peers(SpiffeRole.NEXUS, nexusIds);
    }
}
