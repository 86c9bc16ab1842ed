package ist.spike.operator;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import ist.spike.operator.dependent.KeeperDisruptionBudgetDependent;
import ist.spike.operator.dependent.KeeperServiceDependent;
import ist.spike.operator.dependent.KeeperStatefulSetDependent;
import ist.spike.operator.dependent.NexusServiceDependent;
import ist.spike.operator.dependent.NexusStatefulSetDependent;
import ist.spike.operator.manifests.Names;
import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.model.SpikeClusterSpec;
import ist.spike.operator.model.SpikeClusterStatus;
import ist.spike.operator.status.ClusterObservation;
import ist.spike.operator.status.NexusObservation;
import ist.spike.operator.status.NexusStatusSource;
import ist.spike.operator.status.StatusAggregator;
import ist.spike.operator.status.Transitions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles a SpikeCluster: validate the spec, deploy Nexus and Keepers, register their identities,
 * observe them, write the status and announce what changed. Nexus {@code /status} is read by a
 * poller on its own threads (a change wakes this reconciler); a reconcile never waits on Nexus.
 */
@ControllerConfiguration(name = SpikeClusterReconciler.NAME)
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = "keeper-statefulset", type = KeeperStatefulSetDependent.class),
    @Dependent(name = "keeper-headless-service", type = KeeperServiceDependent.class),
    @Dependent(name = "keeper-disruption-budget", type = KeeperDisruptionBudgetDependent.class),
    @Dependent(name = "nexus-statefulset", type = NexusStatefulSetDependent.class),
    @Dependent(name = "nexus-service", type = NexusServiceDependent.class)
})
public final class SpikeClusterReconciler implements Reconciler<SpikeCluster>, Cleaner<SpikeCluster> {
    public static final String NAME = "spikecluster";

    private final NexusStatusSource nexus;
    private final Duration pollInterval;
    private final StatusAggregator aggregator;
    private final EventRecorder events;
    private final IdentityRegistrar identities;

    /** @param pollInterval how often each cluster's Nexus {@code /status} is read */
    public SpikeClusterReconciler(NexusStatusSource nexus, Duration pollInterval, StatusAggregator aggregator,
                                  EventRecorder events, IdentityRegistrar identities) {
        this.nexus = nexus;
        this.pollInterval = pollInterval;
        this.aggregator = aggregator;
        this.events = events;
        this.identities = identities;
    }

    @Override
    public UpdateControl<SpikeCluster> reconcile(SpikeCluster cluster, Context<SpikeCluster> context) {
        List<String> problems = SpecValidation.problems(cluster.getSpec());
        if (problems.isEmpty()) {
            deployNexusAndKeepers(context);
            identities.reconcile(cluster);
        }
        ClusterObservation seen = observe(cluster, context, problems);
        SpikeClusterStatus next = aggregator.next(cluster.getStatus(), seen, trustDomain(cluster.getSpec()));
        announce(cluster, next);
        return writeStatus(cluster, next);
    }

    @Override
    public DeleteControl cleanup(SpikeCluster cluster, Context<SpikeCluster> context) {
        // Everything else is owned by the SpikeCluster and garbage-collected with it.
        identities.remove(cluster);
        return DeleteControl.defaultDelete();
    }

    @Override
    public List<EventSource<?, SpikeCluster>> prepareEventSources(EventSourceContext<SpikeCluster> context) {
        var polling = new PerResourcePollingConfigurationBuilder<NexusObservation, SpikeCluster, String>(
                cluster -> Set.of(nexus.observe(cluster)), pollInterval)
                .withName("nexus-status")
                .withResourceIDMapper(ResourceIDMapper.singleResourceResourceIDMapper())
                .build();
        return List.of(new PerResourcePollingEventSource<>(NexusObservation.class, context, polling));
    }

    /** Invalid specs never get here: running pods are left alone rather than torn down by a typo. */
    private static void deployNexusAndKeepers(Context<SpikeCluster> context) {
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    }

    private static ClusterObservation observe(SpikeCluster cluster, Context<SpikeCluster> context,
                                              List<String> problems) {
        SpikeClusterSpec spec = cluster.getSpec();
        int wanted = spec == null || spec.getKeepers() == null ? 0 : spec.getKeepers().getReplicas();
        int threshold = spec == null || spec.getKeepers() == null ? 0 : spec.getKeepers().getThreshold();
        int keepersReady = statefulSet(context, Names.keeperStatefulSet(cluster))
                .map(s -> s.getStatus() == null || s.getStatus().getReadyReplicas() == null ? 0
                        : s.getStatus().getReadyReplicas())
                .orElse(0);
        boolean nexusDeployed = statefulSet(context, Names.nexusStatefulSet(cluster)).isPresent();
        NexusObservation nexusSeen = context.getSecondaryResource(NexusObservation.class).orElse(null);
        long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
        return new ClusterObservation(generation, problems, wanted, threshold, keepersReady, nexusDeployed, nexusSeen);
    }

    private static Optional<StatefulSet> statefulSet(Context<SpikeCluster> context, String name) {
        return context.getSecondaryResourcesAsStream(StatefulSet.class)
                .filter(s -> name.equals(s.getMetadata().getName()))
                .findFirst();
    }

    private void announce(SpikeCluster cluster, SpikeClusterStatus next) {
        Transitions.between(cluster.getStatus(), next).forEach(t -> events.record(cluster, t));
    }

    private UpdateControl<SpikeCluster> writeStatus(SpikeCluster cluster, SpikeClusterStatus next) {
        // A periodic reconcile as a safety net; changes arrive as events long before it.
        long resync = Math.max(pollInterval.toMillis() * 6, 30_000);
        if (next.equals(cluster.getStatus())) {
            return UpdateControl.<SpikeCluster>noUpdate().rescheduleAfter(resync);
        }
        // JOSDK hands the reconciler its own copy of the resource, so setting the status here is safe.
        cluster.setStatus(next);
        return UpdateControl.patchStatus(cluster).rescheduleAfter(resync);
    }

    private static String trustDomain(SpikeClusterSpec spec) {
        return spec == null || spec.getTrustDomain() == null ? "spike.ist" : spec.getTrustDomain();
    }
}
