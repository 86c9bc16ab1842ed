package ist.spike.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import ist.spike.operator.model.SpikeCluster;

/** SpikeClusters for tests. */
final class SpikeClusters {
    private SpikeClusters() {
    }

    /** A cluster with every default, as {@code kubectl apply} of an empty spec gives. */
    static SpikeCluster named(String namespace, String name) {
        SpikeCluster cluster = new SpikeCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withGeneration(1L)
                .withUid("uid-" + name).build());
        return cluster;
    }
}
