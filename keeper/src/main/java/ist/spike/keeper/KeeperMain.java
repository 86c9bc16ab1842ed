package ist.spike.keeper;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.error.SpikeException;
import ist.spike.core.spiffe.WorkloadApi;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code spike-keeper}: reads the environment, gets an SVID, holds a shard until stopped. */
public final class KeeperMain {
    private KeeperMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        KeeperConfig config;
        try {
            config = KeeperConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        // BoringSSL loads while the SVID is fetched.
        ist.spike.core.server.MtlsJsonServer.prepareTls();
        try {
            X509Source source = WorkloadApi.x509Source(config.spiffeSocket(), Duration.ofSeconds(30));
            Keeper keeper = new Keeper(config, source, new ShardHolder());
            keeper.start();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                keeper.close();
                stopped.countDown();
            }, "keeper-shutdown"));
            System.out.println("SPIKE Keeper serving on " + config.tlsAddress() + " (health " + config.healthAddress()
                    + "), SPIFFE ID " + source.getX509Svid().getSpiffeId());
            System.out.flush();
            stopped.await();
        } catch (SpikeException | IllegalStateException e) {
            fail(e.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println("spike-keeper: " + message);
        System.exit(1);
    }
}
