package ist.spike.keeper;

import ist.spike.core.server.ListenAddress;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import java.util.Map;

/** Keeper configuration, read once from the environment in {@code main}. */
public record KeeperConfig(ListenAddress tlsAddress, ListenAddress healthAddress, TrustRoots trustRoots,
                           String spiffeSocket) {
    /** @throws IllegalArgumentException naming the variable when a value is malformed */
    public static KeeperConfig fromEnvironment(Map<String, String> env) {
        return new KeeperConfig(
                ListenAddress.parse("SPIKE_KEEPER_TLS_PORT", env.getOrDefault("SPIKE_KEEPER_TLS_PORT", ":8443")),
                ListenAddress.parse("SPIKE_KEEPER_HEALTH_PORT", env.getOrDefault("SPIKE_KEEPER_HEALTH_PORT", ":8444")),
                TrustRoots.fromEnvironment(env),
                WorkloadApi.socketAddress(env));
    }
}
