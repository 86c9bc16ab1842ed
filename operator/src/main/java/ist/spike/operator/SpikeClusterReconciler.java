package ist.spike.operator;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import ist.spike.operator.dependent.KeeperDisruptionBudgetDependent;
import ist.spike.operator.dependent.KeeperServiceDependent;
import ist.spike.operator.dependent.KeeperStatefulSetDependent;
import ist.spike.operator.dependent.NexusServiceDependent;
import ist.spike.operator.dependent.NexusStatefulSetDependent;
import ist.spike.operator.dependent.PilotDeploymentDependent;
import ist.spike.operator.dependent.PilotEnabled;
import ist.spike.operator.manifests.Names;
import ist.spike.operator.model.PilotStatus;
import ist.spike.operator.model.RootKeySharing;
import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.model.SpikeClusterSpec;
import ist.spike.operator.model.SpikeClusterStatus;
import ist.spike.operator.status.ClusterObservation;
import ist.spike.operator.status.NexusObservation;
import ist.spike.operator.status.NexusStatusPoller;
import ist.spike.operator.status.NexusStatusSource;
import ist.spike.operator.status.PilotRoles;
import ist.spike.operator.status.Runbook;
import ist.spike.operator.status.StatusAggregator;
import ist.spike.operator.status.Transitions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
    @Dependent(name = "nexus-service", type = NexusServiceDependent.class),
    @Dependent(name = "pilot-deployment", type = PilotDeploymentDependent.class,
            reconcilePrecondition = PilotEnabled.class)
})
public final class SpikeClusterReconciler implements Reconciler<SpikeCluster>, Cleaner<SpikeCluster> {
    public static final String NAME = "spikecluster";
    /** Concurrent Nexus reads; each is bounded by the status source's timeout. */
    static final int POLL_THREADS = 4;

    private final NexusPolling nexus;
    private final SpecValidation validation;
    private final StatusAggregator aggregator;
    private final EventRecorder events;
    private final IdentityRegistrar identities;
    private final Clock clock;
    /** The status this operator last wrote per cluster; see {@link #writeStatus}. */
    private final Map<ResourceID, SpikeClusterStatus> written = new ConcurrentHashMap<>();
    /**
     * The Pilot grant of each cluster's latest reconcile, kept before anything can fail: a failed
     * reconcile writes it with its error status, so a grant runs out even while reconciles fail.
     */
    private final Map<ResourceID, Optional<PilotStatus>> grants = new ConcurrentHashMap<>();

    /** Where each cluster's Nexus {@code /status} is read from, and how often. */
    public record NexusPolling(NexusStatusSource source, Duration interval) {
    }

    public SpikeClusterReconciler(NexusPolling nexus, SpecValidation validation, StatusAggregator aggregator,
                                  EventRecorder events, IdentityRegistrar identities, Clock clock) {
        this.nexus = nexus;
        this.validation = validation;
        this.aggregator = aggregator;
        this.events = events;
        this.identities = identities;
        this.clock = clock;
    }

    @Override
    public UpdateControl<SpikeCluster> reconcile(SpikeCluster cluster, Context<SpikeCluster> context) {
        if (cluster.getSpec() == null) {
            // Applied without a spec: every default. Only this reconcile's copy is filled in; it is never
            // sent back (status writes carry the status alone).
            cluster.setSpec(new SpikeClusterSpec());
        }
        List<String> problems = new ArrayList<>(validation.problems(cluster.getMetadata().getName(), cluster.getSpec()));
        // Checked against Nexus's sharing now, or the last one seen: Nexus cannot be read while it restarts
        // (which a change of keepers causes) and right after an operator restart.
        problems.addAll(validation.againstSharing(cluster.getSpec(), sharingNow(cluster, context)));
        SpikeClusterStatus before = lastWritten(cluster);
        PilotStatus pilotBefore = before == null ? null : before.getPilot();
        Instant now = clock.instant();
        PilotStatus pilot;
        if (problems.isEmpty()) {
            Optional<PilotRoles.Grant> grant = PilotRoles.next(cluster.getSpec().getPilot(), pilotBefore, now);
            grants.put(ResourceID.fromResource(cluster), grant.map(g -> PilotRoles.status(g, runbook(cluster), null)));
            // Identities first: new pods wait for their SVIDs.
            IdentityRegistrar.Outcome registered = identities.reconcile(cluster, grant.map(PilotRoles.Grant::role));
            deployChildren(context);
            pilot = grant.map(g -> PilotRoles.status(g, runbook(cluster), registered.why())).orElse(null);
        } else {
            pilot = PilotRoles.whileSpecInvalid(pilotBefore, now);
            if (pilot != pilotBefore) {
                identities.removePilot(cluster);
            }
        }
        ClusterObservation seen = observe(cluster, context, problems);
        SpikeClusterStatus next = aggregator.next(before, seen, runbook(cluster));
        next.setPilot(pilot);
        return writeStatus(cluster, next, context, untilExpiry(pilot, now));
    }

    private RootKeySharing sharingNow(SpikeCluster cluster, Context<SpikeCluster> context) {
        SpikeClusterStatus before = lastWritten(cluster);
        return context.getSecondaryResource(NexusObservation.class).flatMap(StatusAggregator::sharingOf)
                .orElse(before == null ? null : before.getRootKeySharing());
    }

    private static Runbook runbook(SpikeCluster cluster) {
        SpikeClusterSpec spec = cluster.getSpec();
        return new Runbook(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), trustDomain(spec),
                spec.getPilot() != null && spec.getPilot().isEnabled());
    }

    /** How long until the Pilot's role in force runs out, so the reconcile after it comes on time. */
    private static Optional<Duration> untilExpiry(PilotStatus pilot, Instant now) {
        if (pilot == null || pilot.getExpiresAt() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, Instant.parse(pilot.getExpiresAt()));
        // A second late rather than early: the grant is over only once expiresAt has passed.
        return Optional.of(left.isNegative() ? Duration.ZERO : left.plusSeconds(1));
    }

    /**
     * A failed reconcile (an API error, a child the API server refuses) shows as {@code Ready=False}
     * with reason {@code ReconcileFailed}; JOSDK retries with back-off.
     */
    @Override
    public ErrorStatusUpdateControl<SpikeCluster> updateErrorStatus(SpikeCluster cluster, Context<SpikeCluster> context,
                                                                  Exception e) {
        SpikeClusterStatus failed = aggregator.failed(lastWritten(cluster), generation(cluster), OperatorMain.causes(e));
        Optional<PilotStatus> grant = grants.get(ResourceID.fromResource(cluster));
        if (grant != null) {
            failed.setPilot(grant.orElse(null));
        }
        Optional<Duration> expiry = untilExpiry(failed.getPilot(), clock.instant());
        if (failed.equals(lastWritten(cluster))) {
            ErrorStatusUpdateControl<SpikeCluster> none = ErrorStatusUpdateControl.noStatusUpdate();
            return expiry.map(none::rescheduleAfter).orElse(none);
        }
        written.put(ResourceID.fromResource(cluster), failed);
        SpikeCluster status = SpikeCluster.statusOf(cluster, failed);
        ErrorStatusUpdateControl<SpikeCluster> control;
        if (serverSideApply(context)) {
            control = ErrorStatusUpdateControl.patchStatus(status);
        } else {
            replaceStatus(status, context);
            control = ErrorStatusUpdateControl.noStatusUpdate();
        }
        return expiry.map(control::rescheduleAfter).orElse(control);
    }

    @Override
    public DeleteControl cleanup(SpikeCluster cluster, Context<SpikeCluster> context) {
        // Everything else is owned by the SpikeCluster and garbage-collected with it.
        identities.remove(cluster);
        written.remove(ResourceID.fromResource(cluster));
        grants.remove(ResourceID.fromResource(cluster));
        return DeleteControl.defaultDelete();
    }

    @Override
    public List<EventSource<?, SpikeCluster>> prepareEventSources(EventSourceContext<SpikeCluster> context) {
        return List.of(new NexusStatusPoller(context, nexus.source(), nexus.interval(), POLL_THREADS));
    }

    /** Invalid specs never get here: running pods are left alone rather than torn down by a typo. */
    private static void deployChildren(Context<SpikeCluster> context) {
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
        return new ClusterObservation(generation(cluster), problems, wanted, threshold, keepersReady, nexusDeployed, nexusSeen);
    }

    private static long generation(SpikeCluster cluster) {
        return cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
    }

    private static Optional<StatefulSet> statefulSet(Context<SpikeCluster> context, String name) {
        return context.getSecondaryResourcesAsStream(StatefulSet.class)
                .filter(s -> name.equals(s.getMetadata().getName()))
                .findFirst();
    }

    /**
     * Writes the status when it changed and announces the transitions. The status to compare with
     * is the one this operator last wrote: the informer's copy can lag behind a patch, and comparing
     * with it would announce the same transition twice.
     */
    private UpdateControl<SpikeCluster> writeStatus(SpikeCluster cluster, SpikeClusterStatus next,
                                                    Context<SpikeCluster> context, Optional<Duration> pilotExpiry) {
        // A periodic reconcile as a safety net; changes arrive as events long before it. A Pilot role
        // that runs out sooner is taken back on time.
        long resync = Math.min(Math.max(nexus.interval().toMillis() * 6, 30_000),
                pilotExpiry.map(Duration::toMillis).orElse(Long.MAX_VALUE));
        SpikeClusterStatus previous = lastWritten(cluster);
        if (!next.equals(previous)) {
            written.put(ResourceID.fromResource(cluster), next);
            Transitions.between(previous, next).forEach(t -> events.record(cluster, t));
        } else if (next.equals(cluster.getStatus())) {
            return UpdateControl.<SpikeCluster>noUpdate().rescheduleAfter(resync);
        }
        // Also when only the stored copy differs: a write that failed (and was retried) or a stale cache.
        // The spec is the user's: what is sent holds the status alone.
        SpikeCluster status = SpikeCluster.statusOf(cluster, next);
        if (serverSideApply(context)) {
            return UpdateControl.patchStatus(status).rescheduleAfter(resync);
        }
        replaceStatus(status, context);
        return UpdateControl.<SpikeCluster>noUpdate().rescheduleAfter(resync);
    }

    private static boolean serverSideApply(Context<SpikeCluster> context) {
        return context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource();
    }

    /**
     * Without server-side apply, JOSDK would patch against its cached copy, which can lag and mix two
     * statuses; replace the whole status instead (this operator is its only writer; no resource
     * version, so the write is unconditional). One verb, {@code update} on {@code spikeclusters/status},
     * which is what the chart grants in this mode.
     */
    private static void replaceStatus(SpikeCluster status, Context<SpikeCluster> context) {
        context.getClient().resource(status).updateStatus();
    }

    private SpikeClusterStatus lastWritten(SpikeCluster cluster) {
        SpikeClusterStatus mine = written.get(ResourceID.fromResource(cluster));
        return mine != null ? mine : cluster.getStatus();
    }

    private static String trustDomain(SpikeClusterSpec spec) {
        return spec == null || spec.getTrustDomain() == null ? "spike.ist" : spec.getTrustDomain();
    }
}
