package ist.spike.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import ist.spike.operator.status.HttpNexusStatusSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code bin/spike-operator}: reads {@link OperatorConfig} from the environment and runs until stopped. */
public final class OperatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    /** Every message down the cause chain: JOSDK wraps the reason a start failed. */
    static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && out.indexOf(t.getMessage()) < 0) {
                out.append(out.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return out.toString();
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.out.println("""
                    Usage: spike-operator
                    Reconciles SpikeCluster resources (spike.ist/v1alpha1) with the cluster of the current
                    kubeconfig or service account. Settings are environment variables:
                      SPIKE_OPERATOR_NAMESPACES           namespaces to watch, comma-separated (default: all)
                      SPIKE_OPERATOR_HEALTH_PORT          /livez /readyz /metrics (default :8080)
                      SPIKE_OPERATOR_LEADER_ELECTION      take a Lease first (default true)
                      SPIKE_OPERATOR_LEASE_NAME           (default spike-operator)
                      SPIKE_OPERATOR_LEASE_NAMESPACE      (default: the client's namespace)
                      SPIKE_OPERATOR_SERVER_SIDE_APPLY    (default true; false for API servers without it)
                      SPIKE_OPERATOR_NEXUS_STATUS_URL     (default %s)
                      SPIKE_OPERATOR_NEXUS_POLL_INTERVAL  (default 5s)
                      SPIKE_OPERATOR_IDENTITY_NAMESPACES  namespaces whose SpikeClusters may get ClusterSPIFFEIDs,
                                                          comma-separated, * for all (default: none)
                      SPIKE_OPERATOR_HOST_PATHS           node directories spiffe.socket: hostPath may mount,
                                                          comma-separated (default %s)""".formatted(
                    HttpNexusStatusSource.DEFAULT_URL_TEMPLATE, OperatorConfig.DEFAULT_HOST_PATH));
            System.exit("--help".equals(args[0]) || "-h".equals(args[0]) ? 0 : 2);
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        OperatorConfig config;
        try {
            config = OperatorConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("spike-operator: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(config);
        } catch (Exception e) {
            LOG.error("spike-operator cannot run: {}", causes(e));
            System.exit(1);
        }
    }

    /** Starts the operator and its health port, then waits for the shutdown hook to stop them. */
    private static void run(OperatorConfig config) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            client.getKubernetesVersion();
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalStateException("cannot reach the Kubernetes API at " + client.getMasterUrl()
                    + " (set KUBECONFIG or run in a pod with a service account)", e);
        }
        SpikeOperator operator = new SpikeOperator(client, config,
                new HttpNexusStatusSource(config.nexusStatusUrl(), Duration.ofSeconds(3)), registry, () -> {
                    // Another replica may already reconcile: stop, and let Kubernetes restart this one.
                    LOG.error("spike-operator lost its Lease; exiting so that it restarts and campaigns again");
                    System.exit(1);
                });
        OperatorHealthServer health = new OperatorHealthServer(config.healthPort(), operator::ready, registry::scrape);
        health.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            health.close();
            client.close();
            stopped.countDown();
        }, "shutdown"));
        operator.start();
        LOG.info("spike-operator started; health on :{}", health.port());
        stopped.await();
    }
}
