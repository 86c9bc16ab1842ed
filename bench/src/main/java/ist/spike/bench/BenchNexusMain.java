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
                    source, MtlsContexts.inTrustDomains(Set.of("spike.ist")), router);
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
            } else if (mode.equals("rewrap")) {
                // The real keyring and rewrap over a large table, so a rewrap outlasts the measured rows.
                SqliteDatabase db = SqliteDatabase.open(config.databaseFile());
                rootKey.install(SecretBytes.copyOf(key.revealCopy()));
                ist.spike.nexus.keyring.Keyring keyring = new ist.spike.nexus.keyring.Keyring(db, rootKey);
                preload(db, keyring, REWRAP_ROWS);
                SqliteSecretStore secrets = new SqliteSecretStore(db, keyring);
                ist.spike.nexus.keyring.Rewrap rewrap = new ist.spike.nexus.keyring.Rewrap(db, keyring, rootKey, secrets::resealed);
                rewrap.start(100);
                stores = new Nexus.Stores(secrets, new SqlitePolicyStore(db, keyring),
                        java.util.Optional.of(keyring), java.util.Optional.of(rewrap));
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

    /** Rows preloaded for the rewrap rows: enough for a rewrap to run through two measured rows under load. */
    static final int REWRAP_ROWS = Integer.parseInt(System.getenv().getOrDefault("SPIKE_BENCH_REWRAP_ROWS", "800000"));

    /** {@code rows} one-version secrets {@code bench/pre/<i>}, sealed under the keyring's current term, in one transaction. */
    private static void preload(SqliteDatabase db, ist.spike.nexus.keyring.Keyring keyring, int rows) throws Exception {
        ist.spike.nexus.storage.RowKeys.Term term = keyring.current();
        byte[] values = ist.spike.core.api.SpikeJson.mapper().writeValueAsBytes(Map.of("user", "u", "password", "p"));
        String now = ist.spike.nexus.storage.StoredTime.format(java.time.Instant.now());
        db.write(s -> {
            var meta = s.statement("INSERT INTO secret_metadata (path, current_version, oldest_version, max_versions,"
                    + " created_time, updated_time) VALUES (?, 1, 1, 10, ?, ?)");
            var version = s.statement("INSERT INTO secret_versions (path, version, data, created_time, deleted_time, term)"
                    + " VALUES (?, 1, ?, ?, NULL, ?)");
            for (int i = 0; i < rows; i++) {
                String path = "bench/pre/" + i;
                meta.setString(1, path);
                meta.setString(2, now);
                meta.setString(3, now);
                meta.executeUpdate();
                version.setString(1, path);
                version.setBytes(2, term.aead().seal(values, SqliteSecretStore.binding(path, 1)));
                version.setString(3, now);
                version.setInt(4, term.number());
                version.executeUpdate();
            }
            return null;
        });
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
