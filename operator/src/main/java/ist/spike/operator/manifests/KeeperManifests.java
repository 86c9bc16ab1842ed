package ist.spike.operator.manifests;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import ist.spike.operator.model.KeeperSpec;
import ist.spike.operator.model.SpikeCluster;
import java.util.List;

/** Desired Keeper objects of a SpikeCluster: pure functions of its spec. */
public final class KeeperManifests {
    private static final Labels.Component KEEPER = Labels.Component.KEEPER;

    private KeeperManifests() {
    }

    /**
     * Keepers start in parallel and are spread across nodes where the scheduler can (a soft
     * constraint, so a small cluster still runs them): with one Keeper per node, a node failure
     * costs one shard.
     */
    public static StatefulSet statefulSet(SpikeCluster cluster) {
        KeeperSpec spec = cluster.getSpec().getKeepers();
        PodTemplates.Shape shape = new PodTemplates.Shape(KEEPER, spec.getImage(), spec.getResources(),
                List.of(new EnvVar("SPIKE_KEEPER_TLS_PORT", ":" + Names.KEEPER_TLS_PORT, null),
                        new EnvVar("SPIKE_KEEPER_HEALTH_PORT", ":" + Names.KEEPER_HEALTH_PORT, null),
                        // Security: serve this cluster's Nexus only, not any Nexus of the trust domain.
                        new EnvVar("SPIKE_KEEPER_NEXUS_IDS", ClusterIdentities.nexus(cluster), null)),
                List.of(PodTemplates.port("tls", Names.KEEPER_TLS_PORT),
                        PodTemplates.port("health", Names.KEEPER_HEALTH_PORT)),
                Names.KEEPER_HEALTH_PORT, List.of());
        PodTemplateSpecBuilder start = new PodTemplateSpecBuilder().withNewSpec()
                .withTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                        .withTopologyKey("kubernetes.io/hostname").withWhenUnsatisfiable("ScheduleAnyway")
                        .withNewLabelSelector().withMatchLabels(Labels.selector(cluster, KEEPER)).endLabelSelector()
                        .build())
                .endSpec();
        return new StatefulSetBuilder()
                .withMetadata(Labels.metadata(cluster, KEEPER, Names.keeperStatefulSet(cluster)))
                .withNewSpec()
                .withReplicas(spec.getReplicas())
                .withServiceName(Names.keeperHeadlessService(cluster))
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(Labels.selector(cluster, KEEPER)).endSelector()
                .withTemplate(PodTemplates.pod(cluster, shape, List.of(), start))
                .endSpec()
                .build();
    }

    /**
     * Stable DNS names for Nexus to reach each Keeper. It publishes pods before they are ready: a new
     * Keeper must be reachable for Nexus to give it its shard.
     */
    public static Service headlessService(SpikeCluster cluster) {
        return new ServiceBuilder()
                .withMetadata(Labels.metadata(cluster, KEEPER, Names.keeperHeadlessService(cluster)))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(Labels.selector(cluster, KEEPER))
                .addNewPort().withName("tls").withPort(Names.KEEPER_TLS_PORT)
                .withTargetPort(new IntOrString(Names.KEEPER_TLS_PORT)).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /** Voluntary disruptions (drains, upgrades) never leave fewer than {@code threshold} Keepers. */
    public static PodDisruptionBudget disruptionBudget(SpikeCluster cluster) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(Labels.metadata(cluster, KEEPER, Names.keeperDisruptionBudget(cluster)))
                .withNewSpec()
                .withMinAvailable(new IntOrString(cluster.getSpec().getKeepers().getThreshold()))
                .withNewSelector().withMatchLabels(Labels.selector(cluster, KEEPER)).endSelector()
                .endSpec()
                .build();
    }

}
