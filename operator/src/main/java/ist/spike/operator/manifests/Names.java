package ist.spike.operator.manifests;

import ist.spike.operator.model.SpikeCluster;
import java.util.ArrayList;
import java.util.List;

/** The names of a SpikeCluster's children (DESIGN section 7) and the addresses derived from them. */
public final class Names {
    public static final int KEEPER_TLS_PORT = 8443;
    public static final int KEEPER_HEALTH_PORT = 8444;
    public static final int NEXUS_TLS_PORT = 8553;
    public static final int NEXUS_HEALTH_PORT = 8554;

    private Names() {
    }

    public static String keeperStatefulSet(SpikeCluster c) {
        return c.getMetadata().getName() + "-keeper";
    }

    public static String keeperHeadlessService(SpikeCluster c) {
        return c.getMetadata().getName() + "-keeper-headless";
    }

    public static String keeperDisruptionBudget(SpikeCluster c) {
        return c.getMetadata().getName() + "-keeper";
    }

    public static String nexusStatefulSet(SpikeCluster c) {
        return c.getMetadata().getName() + "-nexus";
    }

    public static String nexusService(SpikeCluster c) {
        return c.getMetadata().getName() + "-nexus";
    }

    public static String pilotDeployment(SpikeCluster c) {
        return c.getMetadata().getName() + "-pilot";
    }

    /** Nexus's API as its Pilot dials it, through the cluster's Service. */
    public static String nexusApiUrl(SpikeCluster c) {
        return "https://" + nexusService(c) + "." + c.getMetadata().getNamespace() + ".svc:" + NEXUS_TLS_PORT;
    }

    /** Keeper URLs in pod order, as Nexus wants them in {@code SPIKE_NEXUS_KEEPER_PEERS}: pod i holds shard i+1. */
    public static List<String> keeperPeers(SpikeCluster c) {
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < c.getSpec().getKeepers().getReplicas(); i++) {
            peers.add("https://" + keeperStatefulSet(c) + "-" + i + "." + keeperHeadlessService(c) + "."
                    + c.getMetadata().getNamespace() + ".svc:" + KEEPER_TLS_PORT);
        }
        return peers;
    }
}
