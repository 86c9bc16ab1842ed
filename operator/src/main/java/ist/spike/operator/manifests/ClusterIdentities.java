package ist.spike.operator.manifests;

import ist.spike.operator.model.SpikeCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * The SPIFFE IDs of one SpikeCluster's pieces (DESIGN section 2, per-cluster identities): under the
 * role bases, naming the cluster, so that no other cluster's Nexus or Keeper can pass for them.
 * Security: Keepers serve only {@link #nexus}, and Nexus expects {@link #keepers} in pod order.
 */
public final class ClusterIdentities {
    private ClusterIdentities() {
    }

    /** {@code spiffe://<td>/spike/nexus/<namespace>/<name>}. */
    public static String nexus(SpikeCluster c) {
        return "spiffe://" + c.getSpec().getTrustDomain() + "/spike/nexus/" + scope(c);
    }

    /** Keeper pod {@code i}'s ID, {@code spiffe://<td>/spike/keeper/<namespace>/<name>/<pod>}, in pod order. */
    public static List<String> keepers(SpikeCluster c) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < c.getSpec().getKeepers().getReplicas(); i++) {
            ids.add(keeperBase(c) + Names.keeperStatefulSet(c) + "-" + i);
        }
        return ids;
    }

    /** The Keeper ID as a SPIRE controller manager template: the pod name filled in per pod. */
    public static String keeperTemplate(SpikeCluster c) {
        return keeperBase(c) + "{{ .PodMeta.Name }}";
    }

    private static String keeperBase(SpikeCluster c) {
        return "spiffe://" + c.getSpec().getTrustDomain() + "/spike/keeper/" + scope(c) + "/";
    }

    private static String scope(SpikeCluster c) {
        return c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
    }
}
