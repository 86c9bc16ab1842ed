package ist.spike.bench;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.ApiResponse;
import ist.spike.core.server.Guard;
import ist.spike.core.server.ListenAddress;
import ist.spike.core.server.MtlsJsonServer;
import ist.spike.core.server.RequestMetrics;
import ist.spike.core.server.Route;
import ist.spike.core.server.RouteKey;
import ist.spike.core.server.Router;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.nexus.Nexus;
import ist.spike.nexus.NexusConfig;
import ist.spike.nexus.policy.InMemoryPolicyStore;
import ist.spike.nexus.policy.SqlitePolicyStore;
import ist.spike.nexus.secret.InMemorySecretStore;
import ist.spike.nexus.secret.SqliteSecretStore;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.SqliteDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server side of the Nexus benchmark, in its own JVM: the real Nexus stack on the memory or
 * the sqlite store (with a random root key supplied here, as the Keeper lifecycle is not built
 * yet), or a bare TLS 1.3 echo on the same Jetty stack as the ceiling. Args: mode, API port.
 */
public final class BenchNexusMain {
    private BenchNexusMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + port);
        env.put("SPIKE_NEXUS_HEALTH_PORT", "127.0.0.1:" + (port + 1));
        env.put("SPIKE_NEXUS_BACKEND_STORE", mode.equals("sqlite") ? "sqlite" : "memory");
        NexusConfig config = NexusConfig.fromEnvironment(env);
        X509Source source = WorkloadApi.x509Source(config.spiffeSocket(), Duration.ofSeconds(30));
        AutoCloseable server;
        if (mode.equals("echo") || mode.equals("warm-up")) {
            Router router = new Router(List.of(new Echo()), new RequestMetrics("bench_echo"));
            MtlsJsonServer echo = new MtlsJsonServer(MtlsJsonServer.Options.defaults(new ListenAddress("127.0.0.1", port)),
                    MtlsContexts.create(source, MtlsContexts.inTrustDomains(Set.of("spike.ist"))), router);
            echo.start();
            server = echo;
        } else {
            RootKey rootKey = new RootKey();
            SecretBytes key = SecretBytes.random(32);
            Nexus.Stores stores;
            if (mode.equals("sqlite")) {
                SqliteDatabase db = SqliteDatabase.open(config.databaseFile());
                AesGcm aead = new AesGcm(key);
                stores = new Nexus.Stores(new SqliteSecretStore(db, aead), new SqlitePolicyStore(db, aead));
            } else {
                stores = new Nexus.Stores(new InMemorySecretStore(), new InMemoryPolicyStore());
            }
            rootKey.install(key);
            Nexus nexus = new Nexus(config, source, stores, rootKey, ist.spike.nexus.recovery.ShardRecovery.NONE);
            nexus.start();
            server = nexus;
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // exiting
            }
        }));
        Thread.currentThread().join();
    }

    /** {@code POST /echo}: answers the body back, through the same router and server as Nexus. */
    private static final class Echo implements Route {
        @Override
        public RouteKey key() {
            return RouteKey.of("/echo");
        }

        @Override
        public Guard<?> guard() {
            return (caller, request) -> { };
        }

        @Override
        public ApiResponse handle(ApiCall call) {
            return new ApiResponse(200, ApiResponse.JSON, call.body());
        }
    }
}
