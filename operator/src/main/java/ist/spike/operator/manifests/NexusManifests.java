package ist.spike.operator.manifests;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import ist.spike.operator.model.NexusSpec;
import ist.spike.operator.model.SpikeCluster;
import java.util.List;
import java.util.Map;

/** Desired Nexus objects of a SpikeCluster: pure functions of its spec. */
public final class NexusManifests {
    static final String DATA_VOLUME = "data";
    static final String DATA_DIR = "/var/lib/spike";
    private static final Labels.Component NEXUS = Labels.Component.NEXUS;

    private NexusManifests() {
    }

    /**
     * One Nexus with a volume for its database. Its Keepers are listed in pod order, so Keeper pod
     * {@code i} always holds shard {@code i+1}.
     */
    public static StatefulSet statefulSet(SpikeCluster cluster) {
        NexusSpec spec = cluster.getSpec().getNexus();
        PodTemplates.Shape shape = new PodTemplates.Shape(NEXUS, spec.getImage(), spec.getResources(),
                List.of(new EnvVar("SPIKE_NEXUS_TLS_PORT", ":" + Names.NEXUS_TLS_PORT, null),
                        new EnvVar("SPIKE_NEXUS_HEALTH_PORT", ":" + Names.NEXUS_HEALTH_PORT, null),
                        new EnvVar("SPIKE_NEXUS_BACKEND_STORE", spec.getBackend().name(), null),
                        new EnvVar("SPIKE_NEXUS_DATA_DIR", DATA_DIR, null),
                        new EnvVar("SPIKE_NEXUS_SHAMIR_SHARES",
                                Integer.toString(cluster.getSpec().getKeepers().getReplicas()), null),
                        new EnvVar("SPIKE_NEXUS_SHAMIR_THRESHOLD",
                                Integer.toString(cluster.getSpec().getKeepers().getThreshold()), null),
                        new EnvVar("SPIKE_NEXUS_KEEPER_PEERS", String.join(",", Names.keeperPeers(cluster)), null),
                        // Security: Keeper i must be this cluster's Keeper i, not any Keeper of the trust domain.
                        new EnvVar("SPIKE_NEXUS_KEEPER_IDS", String.join(",", ClusterIdentities.keepers(cluster)), null),
                        // Security: this cluster's Pilot, not the Pilot of another cluster of the trust domain.
                        new EnvVar("SPIKE_NEXUS_PILOT_IDS", String.join(",", ClusterIdentities.pilotsNexusAccepts(cluster)),
                                null)),
                List.of(PodTemplates.port("tls", Names.NEXUS_TLS_PORT),
                        PodTemplates.port("health", Names.NEXUS_HEALTH_PORT)),
                Names.NEXUS_HEALTH_PORT,
                List.of(new VolumeMountBuilder().withName(DATA_VOLUME).withMountPath(DATA_DIR).build()));
        return new StatefulSetBuilder()
                .withMetadata(Labels.metadata(cluster, NEXUS, Names.nexusStatefulSet(cluster)))
                .withNewSpec()
                .withReplicas(1)
                .withServiceName(Names.nexusService(cluster))
                // A Nexus waiting for 'spike restore' is not ready; Parallel lets a new template roll
                // out anyway instead of waiting for a readiness that needs a human first.
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(Labels.selector(cluster, NEXUS)).endSelector()
                .withTemplate(PodTemplates.pod(cluster, shape, List.of(), new PodTemplateSpecBuilder()))
                .withVolumeClaimTemplates(dataClaim(cluster))
                .endSpec()
                .build();
    }

    private static PersistentVolumeClaim dataClaim(SpikeCluster cluster) {
        var storage = cluster.getSpec().getNexus().getStorage();
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(DATA_VOLUME).withLabels(Labels.selector(cluster, NEXUS)).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(storage.getStorageClassName())
                .withNewResources().withRequests(Map.of("storage", new Quantity(storage.getSize()))).endResources()
                .endSpec()
                .build();
    }

    /**
     * Pilot's and the operator's way to Nexus. It publishes the pod before it is ready: while Nexus
     * waits for {@code spike restore} it is not ready, yet must be reachable.
     */
    public static Service service(SpikeCluster cluster) {
        return new ServiceBuilder()
                .withMetadata(Labels.metadata(cluster, NEXUS, Names.nexusService(cluster)))
                .withNewSpec()
                .withPublishNotReadyAddresses(true)
                .withSelector(Labels.selector(cluster, NEXUS))
                .addNewPort().withName("tls").withPort(Names.NEXUS_TLS_PORT)
                .withTargetPort(new IntOrString(Names.NEXUS_TLS_PORT)).withProtocol("TCP").endPort()
                .addNewPort().withName("health").withPort(Names.NEXUS_HEALTH_PORT)
                .withTargetPort(new IntOrString(Names.NEXUS_HEALTH_PORT)).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

}
