package ist.spike.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.model.SpikeClusterSpec;
import java.util.function.Consumer;

/** SpikeClusters for tests. */
final class SpikeClusters {
    private SpikeClusters() {
    }

    /** A cluster with every default, as {@code kubectl apply} of an empty spec gives. */
    static SpikeCluster named(String namespace, String name) {
        SpikeCluster cluster = new SpikeCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L)
                .withUid("uid-" + name).build());
        cluster.setSpec(new SpikeClusterSpec());
        return cluster;
    }

    /**
     * Changes the spec as {@code kubectl edit} does: read, change, write with the read version. The
     * operator may write the status in between (409 Conflict); like a user, try again.
     */
    static void editSpec(KubernetesClient client, String namespace, String name, Consumer<SpikeClusterSpec> change) {
        Conflicts.retry(() -> client.resources(SpikeCluster.class).inNamespace(namespace).withName(name).edit(c -> {
            change.accept(c.getSpec());
            return c;
        }));
    }
}
