package ist.spike.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import ist.spike.operator.manifests.KeeperManifests;
import ist.spike.operator.model.SpikeCluster;

/** The Keepers' headless Service, {@code <name>-keeper-headless}. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.KEEPERS))
public final class KeeperServiceDependent extends CRUDKubernetesDependentResource<Service, SpikeCluster> {
    public KeeperServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(SpikeCluster cluster, Context<SpikeCluster> context) {
        return KeeperManifests.headlessService(cluster);
    }
}
