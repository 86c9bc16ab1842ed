package ist.spike.nexus;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.SpikeException;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.nexus.policy.InMemoryPolicyStore;
import ist.spike.nexus.secret.InMemorySecretStore;
import ist.spike.nexus.state.RootKey;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code spike-nexus}: reads the environment, gets an SVID, serves until stopped. */
public final class NexusMain {
    private static final Logger LOG = LoggerFactory.getLogger(NexusMain.class);

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
        if (config.backend() == NexusConfig.Backend.SQLITE) {
            fail("SPIKE_NEXUS_BACKEND_STORE=sqlite needs the root-key lifecycle with Keepers, which this build does not"
                    + " have yet; start Nexus with SPIKE_NEXUS_BACKEND_STORE=memory");
            return;
        }
        RootKey rootKey = new RootKey();
        try {
            X509Source source = WorkloadApi.x509Source(config.spiffeSocket(), Duration.ofSeconds(30));
            // The memory backend keeps nothing: a fresh random key per process, no Keepers.
            rootKey.install(SecretBytes.random(32));
            Nexus nexus = new Nexus(config, source, new Nexus.Stores(new InMemorySecretStore(), new InMemoryPolicyStore()), rootKey);
            nexus.start();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                nexus.close();
                rootKey.close();
                try {
                    source.close();
                } catch (java.io.IOException ignored) {
                    // shutting down anyway
                }
                stopped.countDown();
            }, "nexus-shutdown"));
            System.out.println("SPIKE Nexus serving on " + config.tlsAddress() + " (health " + config.healthAddress()
                    + "), backend " + config.backend().wire() + ", state " + rootKey.state()
                    + ", SPIFFE ID " + source.getX509Svid().getSpiffeId());
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
