package ist.spike.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import ist.spike.operator.status.NexusStatusSource;
import ist.spike.operator.status.StatusAggregator;
import java.time.Clock;

/** Assembles the JOSDK operator with the SpikeCluster reconciler; {@code main} and the tests share it. */
public final class SpikeOperator implements AutoCloseable {
    private final Operator operator;

    /**
     * Registers the reconciler; nothing runs until {@link #start}. The client stays the caller's to
     * close. With leader election on, only the Lease holder reconciles; the others keep their
     * informers warm and take over when the Lease expires.
     */
    public SpikeOperator(KubernetesClient client, OperatorConfig config, NexusStatusSource nexus,
                         MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build())
                    .withSSABasedCreateUpdateMatchForDependentResources(config.serverSideApply())
                    .withUseSSAToPatchPrimaryResource(config.serverSideApply());
            if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(config.leaseNamespace() == null
                        ? new LeaderElectionConfiguration(config.leaseName())
                        : new LeaderElectionConfiguration(config.leaseName(), config.leaseNamespace()));
            }
        });
        SpikeClusterReconciler reconciler = new SpikeClusterReconciler(new TimedNexusStatusSource(nexus, registry),
                config.nexusPollInterval(), new StatusAggregator(clock), new KubernetesEventRecorder(client, clock),
                new IdentityRegistrar(client, config.identityNamespaces()));
        operator.register(reconciler, c -> {
            if (!config.namespaces().isEmpty()) {
                c.settingNamespaces(config.namespaces());
            }
        });
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
        operator.stop();
    }
}
