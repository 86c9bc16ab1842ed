package ist.spike.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import ist.spike.operator.status.NexusStatusSource;
import ist.spike.operator.status.StatusAggregator;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles the JOSDK operator with the SpikeCluster reconciler; {@code main} and the tests share it. */
public final class SpikeOperator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpikeOperator.class);

    private final Operator operator;
    private volatile boolean closing;

    /**
     * Registers the reconciler; nothing runs until {@link #start}. The client stays the caller's to
     * close. With leader election on, only the Lease holder reconciles; the others keep their
     * informers warm and take over when the Lease expires. {@code onLeadershipLost} runs (on a
     * client thread) when this replica loses the Lease other than by {@link #close}.
     */
    public SpikeOperator(KubernetesClient client, OperatorConfig config, NexusStatusSource nexus,
                         MeterRegistry registry, Runnable onLeadershipLost) {
        Clock clock = Clock.systemUTC();
        operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build())
                    .withSSABasedCreateUpdateMatchForDependentResources(config.serverSideApply())
                    .withUseSSAToPatchPrimaryResource(config.serverSideApply());
            if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(config, onLeadershipLost));
            }
        });
        SpikeClusterReconciler reconciler = new SpikeClusterReconciler(new SpikeClusterReconciler.NexusPolling(
                new TimedNexusStatusSource(nexus, registry), config.nexusPollInterval()),
                new SpecValidation(config.hostPaths()), new StatusAggregator(clock), new KubernetesEventRecorder(client, clock),
                new IdentityRegistrar(client, config.identityNamespaces()), clock);
        operator.register(reconciler, c -> {
            if (!config.namespaces().isEmpty()) {
                c.settingNamespaces(config.namespaces());
            }
        });
    }

    /**
     * JOSDK would call System.exit when leadership ends, also during a normal stop from a shutdown
     * hook, where exiting blocks forever. Here only an unexpected loss is reported, to the caller.
     */
    private LeaderElectionConfiguration leaderElection(OperatorConfig config, Runnable onLeadershipLost) {
        LeaderCallbacks callbacks = new LeaderCallbacks(
                () -> LOG.info("Leading: this replica reconciles SpikeClusters"),
                () -> {
                    if (!closing) {
                        onLeadershipLost.run();
                    }
                },
                leader -> LOG.info("Lease {} is held by {}", config.leaseName(), leader));
        return new LeaderElectionConfiguration(config.leaseName(), config.leaseNamespace(),
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null, callbacks, false);
    }

    /** Starts informers, pollers and (with the Lease, when configured) reconciling; returns once started. */
    public void start() {
        operator.start();
    }

    /** Started, and every informer and poller healthy. */
    public boolean ready() {
        return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    @Override
    public void close() {
        closing = true;
        operator.stop();
    }
}
