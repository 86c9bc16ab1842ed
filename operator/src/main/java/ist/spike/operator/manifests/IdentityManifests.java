package ist.spike.operator.manifests;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import ist.spike.operator.model.PilotSpec;
import ist.spike.operator.model.SpikeCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ClusterSPIFFEID}s of the SPIRE controller manager that give Nexus, the Keepers and the
 * cluster's Pilot their SPIFFE IDs. They are cluster-scoped, so they cannot be owned by the namespaced SpikeCluster: the
 * reconciler deletes them itself, found by their labels.
 */
public final class IdentityManifests {
    public static final String API_VERSION = "spire.spiffe.io/v1alpha1";
    public static final String KIND = "ClusterSPIFFEID";
    public static final String CRD_NAME = "clusterspiffeids.spire.spiffe.io";

    private IdentityManifests() {
    }

    /**
     * Every identity the cluster should have.
     *
     * @param pilotRole the Pilot role in force ({@code status.pilot.role}); empty, or {@code none},
     *     for no Pilot identity
     */
    public static List<GenericKubernetesResource> clusterSpiffeIds(SpikeCluster cluster, Optional<String> pilotRole) {
        List<GenericKubernetesResource> out = new ArrayList<>(serverIds(cluster));
        pilotRole.filter(role -> !PilotSpec.NONE.equals(role))
                .ifPresent(role -> out.add(identity(cluster, Labels.Component.PILOT, ClusterIdentities.pilot(cluster, role),
                        List.of())));
        return out;
    }

    private static List<GenericKubernetesResource> serverIds(SpikeCluster cluster) {
        String ns = cluster.getMetadata().getNamespace();
        return List.of(
                identity(cluster, Labels.Component.NEXUS, ClusterIdentities.nexus(cluster),
                        List.of(Names.nexusService(cluster) + "." + ns + ".svc", Names.nexusService(cluster))),
                // Keepers get a per-pod ID naming their cluster, and the DNS name Nexus dials them by.
                identity(cluster, Labels.Component.KEEPER, ClusterIdentities.keeperTemplate(cluster),
                        List.of("{{ .PodMeta.Name }}." + Names.keeperHeadlessService(cluster) + "." + ns + ".svc")));
    }

    /** Cluster-unique name: namespace, cluster and component, joined by dots (which neither name holds). */
    public static String name(SpikeCluster cluster, Labels.Component component) {
        return cluster.getMetadata().getNamespace() + "." + cluster.getMetadata().getName() + "." + component.value();
    }

    /** The labels that find a cluster's identities for clean-up. */
    public static Map<String, String> ownerLabels(SpikeCluster cluster) {
        return Map.of(Labels.MANAGED_BY, Labels.OPERATOR, "spike.ist/cluster",
                cluster.getMetadata().getNamespace() + "." + cluster.getMetadata().getName());
    }

    private static GenericKubernetesResource identity(SpikeCluster cluster, Labels.Component component,
                                                      String idTemplate, List<String> dnsNames) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("spiffeIDTemplate", idTemplate);
        spec.put("podSelector", Map.of("matchLabels", Labels.selector(cluster, component)));
        spec.put("namespaceSelector", Map.of("matchLabels",
                Map.of("kubernetes.io/metadata.name", cluster.getMetadata().getNamespace())));
        if (!dnsNames.isEmpty()) {
            spec.put("dnsNameTemplates", dnsNames);
        }
        Map<String, String> labels = new LinkedHashMap<>(ownerLabels(cluster));
        labels.put(Labels.COMPONENT, component.value());
        return new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION).withKind(KIND)
                .withNewMetadata().withName(name(cluster, component)).withLabels(labels).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }
}
