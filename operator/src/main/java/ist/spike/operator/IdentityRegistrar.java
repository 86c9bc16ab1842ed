package ist.spike.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import ist.spike.operator.manifests.IdentityManifests;
import ist.spike.operator.manifests.Labels;
import ist.spike.operator.model.SpikeCluster;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a SpikeCluster's {@code ClusterSPIFFEID}s as its spec says: present when
 * {@code spire.registerIdentities} is true, its namespace is allowed and the SPIRE controller
 * manager's CRD exists; absent otherwise.
 *
 * <p>Security: a ClusterSPIFFEID hands out {@code spiffe://<td>/spike/nexus}, which every Keeper of
 * the trust domain trusts. Only namespaces the operator's administrator lists
 * ({@code SPIKE_OPERATOR_IDENTITY_NAMESPACES}) may have the operator register it.
 */
public final class IdentityRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityRegistrar.class);
    static final String ANY_NAMESPACE = "*";

    /** What {@link #reconcile} did. */
    public enum Outcome {
        REGISTERED(null),
        NOT_REQUESTED("spec.spire.registerIdentities is false"),
        NAMESPACE_NOT_ALLOWED("this namespace is not in the operator's SPIKE_OPERATOR_IDENTITY_NAMESPACES"),
        CRD_MISSING("the SPIRE controller manager's " + IdentityManifests.CRD_NAME + " is not installed");

        private final String why;

        Outcome(String why) {
            this.why = why;
        }

        /** Why the operator registered nothing, for a status message; null when it registered. */
        public String why() {
            return why;
        }
    }

    private final KubernetesClient client;
    private final Set<String> allowedNamespaces;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public IdentityRegistrar(KubernetesClient client, Set<String> allowedNamespaces) {
        this.client = client;
        this.allowedNamespaces = Set.copyOf(allowedNamespaces);
    }

    /**
     * Brings the identities in line with the spec and the Pilot role in force. Blocking Kubernetes API
     * calls; no Nexus I/O.
     *
     * @param pilotRole the Pilot role in force; empty when the cluster runs no Pilot
     */
    public Outcome reconcile(SpikeCluster cluster, Optional<String> pilotRole) {
        if (!cluster.getSpec().getSpire().isRegisterIdentities()) {
            remove(cluster);
            return Outcome.NOT_REQUESTED;
        }
        String namespace = cluster.getMetadata().getNamespace();
        if (!allowedNamespaces.contains(ANY_NAMESPACE) && !allowedNamespaces.contains(namespace)) {
            warnOnce(cluster, "SpikeCluster {}/{} asks for ClusterSPIFFEIDs, but the operator may register SPIKE "
                    + "identities only for the namespaces in SPIKE_OPERATOR_IDENTITY_NAMESPACES; register them by hand");
            return Outcome.NAMESPACE_NOT_ALLOWED;
        }
        if (!crdInstalled()) {
            warnOnce(cluster, "SpikeCluster {}/{} asks for ClusterSPIFFEIDs, but " + IdentityManifests.CRD_NAME
                    + " is not installed; install the SPIRE controller manager or register the IDs by hand");
            return Outcome.CRD_MISSING;
        }
        Map<String, GenericKubernetesResource> wanted = new HashMap<>();
        IdentityManifests.clusterSpiffeIds(cluster, pilotRole).forEach(r -> wanted.put(r.getMetadata().getName(), r));
        for (Labels.Component component : Labels.Component.values()) {
            String name = IdentityManifests.name(cluster, component);
            GenericKubernetesResource desired = wanted.get(name);
            Resource<GenericKubernetesResource> resource = identities().withName(name);
            GenericKubernetesResource actual = resource.get();
            if (desired == null) {
                // The Pilot's, when it is disabled or its role is none: the pod keeps running without an SVID.
                if (actual != null) {
                    resource.delete();
                }
            } else if (actual == null) {
                identities().resource(desired).create();
            } else if (!Objects.equals(actual.getAdditionalProperties().get("spec"),
                    desired.getAdditionalProperties().get("spec"))) {
                // A Pilot role switch lands here: the SPIRE controller manager updates the entry and the
                // agent pushes the new SVID; no pod restarts.
                resource.edit(current -> {
                    current.getAdditionalProperties().put("spec", desired.getAdditionalProperties().get("spec"));
                    return current;
                });
            }
        }
        return Outcome.REGISTERED;
    }

    /** Deletes the cluster's Pilot identity, if there is one; the other identities stay. */
    public void removePilot(SpikeCluster cluster) {
        if (crdInstalled()) {
            Resource<GenericKubernetesResource> pilot = identities().withName(
                    IdentityManifests.name(cluster, Labels.Component.PILOT));
            if (pilot.get() != null) {
                pilot.delete();
            }
        }
    }

    /**
     * Deletes the cluster's identities one by one (no collection delete, so the operator's RBAC needs
     * only {@code delete}); they are cluster-scoped, so no owner reference does it for us.
     */
    public void remove(SpikeCluster cluster) {
        if (crdInstalled()) {
            for (GenericKubernetesResource r : identities().withLabels(IdentityManifests.ownerLabels(cluster)).list()
                    .getItems()) {
                identities().withName(r.getMetadata().getName()).delete();
            }
        }
    }

    private boolean crdInstalled() {
        return client.apiextensions().v1().customResourceDefinitions().withName(IdentityManifests.CRD_NAME).get() != null;
    }

    private void warnOnce(SpikeCluster cluster, String message) {
        if (warned.add(cluster.getMetadata().getUid() + "/" + cluster.getMetadata().getGeneration() + message)) {
            LOG.warn(message, cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
        }
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> identities() {
        return client.genericKubernetesResources(IdentityManifests.API_VERSION, IdentityManifests.KIND);
    }
}
