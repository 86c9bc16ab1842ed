package ist.spike.nexus;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.api.SpikeJson;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.server.ApiResponse;
import ist.spike.core.server.RequestMetrics;
import ist.spike.core.server.Router;
import ist.spike.nexus.policy.InMemoryPolicyStore;
import ist.spike.nexus.policy.PolicyStore;
import ist.spike.nexus.secret.InMemorySecretStore;
import ist.spike.nexus.secret.SecretStore;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.status.NexusStatusReport;
import java.util.Map;

/** A Nexus router over given stores, READY with a random root key, called without a transport. */
public final class TestNexus {
    public static final SpiffeId SUPERUSER = SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/superuser");
    public static final SpiffeId RECOVER = SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/recover");
    public static final SpiffeId RESTORE = SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/restore");
    public static final SpiffeId KEEPER = SpiffeId.parse("spiffe://spike.ist/spike/keeper/spike-keeper-0");
    public static final SpiffeId NEXUS = SpiffeId.parse("spiffe://spike.ist/spike/nexus");
    public static final SpiffeId LITE = SpiffeId.parse("spiffe://spike.ist/spike/workload/role/lite");
    public static final SpiffeId APP = SpiffeId.parse("spiffe://spike.ist/workload/app");
    public static final SpiffeId STRANGER = SpiffeId.parse("spiffe://spike.ist/workload/stranger");

    public final RootKey rootKey = new RootKey();
    public final Router router;

    public TestNexus() {
        this(new InMemorySecretStore(), new InMemoryPolicyStore());
    }

    public TestNexus(SecretStore secrets, PolicyStore policies) {
        this(secrets, policies, ist.spike.nexus.recovery.ShardRecovery.NONE);
    }

    public TestNexus(SecretStore secrets, PolicyStore policies, ist.spike.nexus.recovery.ShardRecovery recovery) {
        NexusConfig config = NexusConfig.fromEnvironment(Map.of("HOME", "/nonexistent", "SPIKE_NEXUS_BACKEND_STORE", "memory"));
        rootKey.install(SecretBytes.random(32));
        RequestMetrics metrics = new RequestMetrics("spike_nexus");
        router = Nexus.router(config, new Nexus.Stores(secrets, policies), rootKey,
                new NexusStatusReport(config, rootKey, metrics, recovery, policies::damaged), metrics, recovery);
    }

    /** POSTs JSON as {@code caller}. */
    public ApiResponse post(SpiffeId caller, String path, String action, String json) {
        return router.dispatch("POST", path, action, caller, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public ApiResponse postBytes(SpiffeId caller, String path, byte[] body) {
        return router.dispatch("POST", path, "", caller, "application/octet-stream", body);
    }

    public static <T> T read(ApiResponse response, Class<T> type) {
        try {
            return SpikeJson.mapper().readValue(response.body(), type);
        } catch (java.io.IOException e) {
            throw new AssertionError("not a " + type.getSimpleName() + ": " + new String(response.body()), e);
        }
    }

    public static String text(ApiResponse response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
