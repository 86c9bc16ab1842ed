package ist.spike.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import ist.spike.operator.manifests.IdentityManifests;
import ist.spike.operator.model.SpikeCluster;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a SpikeCluster's {@code ClusterSPIFFEID}s as its spec says: present when
 * {@code spire.registerIdentities} is true and the SPIRE controller manager's CRD exists, absent otherwise.
 */
public final class IdentityRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityRegistrar.class);

    private final KubernetesClient client;

    public IdentityRegistrar(KubernetesClient client) {
        this.client = client;
    }

    /** Brings the identities in line with the spec; returns whether they are registered. */
    public boolean reconcile(SpikeCluster cluster) {
        if (!cluster.getSpec().getSpire().isRegisterIdentities()) {
            remove(cluster);
            return false;
        }
        if (client.apiextensions().v1().customResourceDefinitions().withName(IdentityManifests.CRD_NAME).get() == null) {
            LOG.info("SpikeCluster {}/{} asks for ClusterSPIFFEIDs, but {} is not installed; register the IDs by hand",
                    cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), IdentityManifests.CRD_NAME);
            return false;
        }
        for (GenericKubernetesResource desired : IdentityManifests.clusterSpiffeIds(cluster)) {
            Resource<GenericKubernetesResource> resource = identities().withName(desired.getMetadata().getName());
            GenericKubernetesResource actual = resource.get();
            if (actual == null) {
                identities().resource(desired).create();
            } else if (!Objects.equals(actual.getAdditionalProperties().get("spec"),
                    desired.getAdditionalProperties().get("spec"))) {
                resource.edit(current -> {
                    current.getAdditionalProperties().put("spec", desired.getAdditionalProperties().get("spec"));
                    return current;
                });
            }
        }
        return true;
    }

    /** Deletes the cluster's identities; they are cluster-scoped, so no owner reference does it for us. */
    public void remove(SpikeCluster cluster) {
        if (client.apiextensions().v1().customResourceDefinitions().withName(IdentityManifests.CRD_NAME).get() != null) {
            identities().withLabels(IdentityManifests.ownerLabels(cluster)).delete();
        }
    }

    private MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> identities() {
        return client.genericKubernetesResources(IdentityManifests.API_VERSION, IdentityManifests.KIND);
    }
}
