package ist.spike.operator.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One SPIKE installation: a Nexus and its Keepers, deployed and watched by the operator. The spec
 * says what to run; the status (owned by {@code StatusAggregator}) says what recovery state it is in.
 */
@Group(SpikeCluster.GROUP)
@Version(SpikeCluster.VERSION)
@Kind("SpikeCluster")
@Plural("spikeclusters")
@ShortNames("spk")
// State and Keepers come from @PrinterColumn on the status fields. The generator orders all four by
// JSON path; PrinterColumnOrder (run by the build) puts them as kubectl shows them: State, Keepers, Ready, Age, Pilot.
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
public class SpikeCluster extends CustomResource<SpikeClusterSpec, SpikeClusterStatus> implements Namespaced {
    public static final String GROUP = "spike.ist";
    public static final String VERSION = "v1alpha1";

    // No initSpec(): a new SpikeCluster has no spec. JOSDK adds its finalizer under server-side apply by
    // sending a new instance of this class, and any spec in it (a default one too) would become the
    // operator's and overwrite the user's. The reconciler reads a missing spec as every default.

    /**
     * A SpikeCluster holding only what the operator owns of {@code cluster}: its identity and
     * {@code status}. What the operator sends to the status subresource, so no spec ever travels.
     */
    public static SpikeCluster statusOf(SpikeCluster cluster, SpikeClusterStatus status) {
        SpikeCluster only = new SpikeCluster();
        only.getMetadata().setName(cluster.getMetadata().getName());
        only.getMetadata().setNamespace(cluster.getMetadata().getNamespace());
        only.getMetadata().setUid(cluster.getMetadata().getUid());
        only.setStatus(status);
        return only;
    }
}
