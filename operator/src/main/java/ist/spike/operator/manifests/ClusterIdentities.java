package ist.spike.operator.manifests;

import ist.spike.operator.model.PilotSpec;
import ist.spike.operator.model.SpikeCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * The SPIFFE IDs of one SpikeCluster's pieces (DESIGN section 2, per-cluster identities): under the
 * role bases, naming the cluster, so that no other cluster's Nexus or Keeper can pass for them.
 * Security: Keepers serve only {@link #nexus}, and Nexus expects {@link #keepers} in pod order.
 */
public final class ClusterIdentities {
    /** The roles a Pilot ID may carry (the spec's {@code none} is no ID at all). */
    private static final List<String> PILOT_ROLES = List.of(PilotSpec.SUPERUSER, PilotSpec.RECOVER, PilotSpec.RESTORE);

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

    /** The cluster's Pilot ID for {@code role}, {@code spiffe://<td>/spike/pilot/role/<role>/<namespace>/<name>}. */
    public static String pilot(SpikeCluster c, String role) {
        return "spiffe://" + c.getSpec().getTrustDomain() + "/spike/pilot/role/" + role + "/" + scope(c);
    }

    /**
     * The Pilot IDs the cluster's Nexus accepts ({@code SPIKE_NEXUS_PILOT_IDS}): its own Pilot's, one per
     * role, and the plain role IDs when {@code spec.pilot.acceptPlainRoleIds} allows them.
     */
    public static List<String> pilotsNexusAccepts(SpikeCluster c) {
        List<String> ids = new ArrayList<>();
        for (String role : PILOT_ROLES) {
            ids.add(pilot(c, role));
        }
        if (c.getSpec().getPilot().isAcceptPlainRoleIds()) {
            for (String role : PILOT_ROLES) {
                ids.add("spiffe://" + c.getSpec().getTrustDomain() + "/spike/pilot/role/" + role);
            }
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
