package ist.spike.nexus;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.SpikeException;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.nexus.keyring.Keyring;
import ist.spike.nexus.keyring.Rewrap;
import ist.spike.nexus.policy.InMemoryPolicyStore;
import ist.spike.nexus.policy.SqlitePolicyStore;
import ist.spike.nexus.recovery.KeeperClient;
import ist.spike.nexus.recovery.MtlsKeeperClient;
import ist.spike.nexus.recovery.RootKeyLifecycle;
import ist.spike.nexus.recovery.RootKeyRecordStore;
import ist.spike.nexus.recovery.ShardRecovery;
import ist.spike.nexus.secret.InMemorySecretStore;
import ist.spike.nexus.secret.SqliteSecretStore;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.SqliteDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code spike-nexus}: reads the environment, gets an SVID, serves until stopped. */
public final class NexusMain {
    private static final Logger LOG = LoggerFactory.getLogger(NexusMain.class);
    private static final Duration KEEPER_TIMEOUT = Duration.ofSeconds(3);
    private static final long REWRAP_CHECK_MILLIS = 1_000;

    private NexusMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        NexusConfig config;
        try {
            config = NexusConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        // BoringSSL loads while the SVID is fetched.
        ist.spike.core.server.MtlsJsonServer.prepareTls();
        try {
            X509Source source = WorkloadApi.x509Source(config.spiffeSocket(), Duration.ofSeconds(30));
            RootKey rootKey = new RootKey();
            List<AutoCloseable> resources = new java.util.ArrayList<>();
            Nexus nexus;
            if (config.backend() == NexusConfig.Backend.MEMORY) {
                // The memory backend keeps nothing: a fresh random key per process, no Keepers.
                rootKey.install(SecretBytes.random(32));
                nexus = new Nexus(config, source, new Nexus.Stores(new InMemorySecretStore(), new InMemoryPolicyStore()),
                        rootKey, ShardRecovery.NONE);
                nexus.start();
            } else {
                SqliteDatabase db = SqliteDatabase.open(config.databaseFile());
                resources.add(db);
                Keyring keyring = new Keyring(db, rootKey);
                SqliteSecretStore secretStore = new SqliteSecretStore(db, keyring);
                Rewrap rewrap = new Rewrap(db, keyring, rootKey, secretStore::resealed);
                resources.add(0, rewrap); // closed before the database
                Nexus.Stores stores = new Nexus.Stores(secretStore,
                        new SqlitePolicyStore(db, keyring), java.util.Optional.of(keyring), java.util.Optional.of(rewrap));
                List<KeeperClient> keepers = MtlsKeeperClient.forPeers(config, source, KEEPER_TIMEOUT);
                RootKeyLifecycle lifecycle = new RootKeyLifecycle(config.shamir(), new RootKeyRecordStore(db), rootKey,
                        keepers, config.keeperUpdateInterval(), () -> LOG.info("Nexus is READY"),
                        new ist.spike.nexus.keyring.KeyringReseal(keyring, rootKey));
                resources.add(0, lifecycle);
                // A later start asks the Keepers while the servers start; a first start makes its key
                // only once they serve. Either way Nexus serves at once (data routes answer 503).
                lifecycle.startIfRecovering();
                nexus = new Nexus(config, source, stores, rootKey, lifecycle);
                nexus.start();
                lifecycle.start();
                // A rewrap asked for before a crash resumes once the key is back.
                rewrap.start(REWRAP_CHECK_MILLIS);
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                nexus.close();
                for (AutoCloseable r : resources) {
                    try {
                        r.close();
                    } catch (Exception ignored) {
                        // shutting down anyway
                    }
                }
                rootKey.close();
                stopped.countDown();
            }, "nexus-shutdown"));
            System.out.println("SPIKE Nexus serving on " + config.tlsAddress() + " (health " + config.healthAddress()
                    + "), backend " + config.backend().wire() + ", SPIFFE ID " + source.getX509Svid().getSpiffeId());
            System.out.flush();
            stopped.await();
        } catch (SpikeException | IllegalStateException e) {
            fail(e.getMessage());
        }
    }

    private static void fail(String message) {
        LOG.debug("start-up failed: {}", message);
        System.err.println("spike-nexus: " + message);
        System.exit(1);
    }
}
