package ist.spike.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import ist.spike.operator.manifests.KeeperManifests;
import ist.spike.operator.model.SpikeCluster;

/** The Keeper StatefulSet, {@code <name>-keeper}. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.KEEPERS))
public final class KeeperStatefulSetDependent extends CRUDKubernetesDependentResource<StatefulSet, SpikeCluster> {
    public KeeperStatefulSetDependent() {
        super(StatefulSet.class);
    }

    @Override
    protected StatefulSet desired(SpikeCluster cluster, Context<SpikeCluster> context) {
        return KeeperManifests.statefulSet(cluster);
    }
}
