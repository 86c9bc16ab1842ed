package ist.spike.operator.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import ist.spike.operator.manifests.KeeperManifests;
import ist.spike.operator.model.SpikeCluster;

/** The PodDisruptionBudget that keeps at least threshold Keepers through voluntary disruptions. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.KEEPERS))
public final class KeeperDisruptionBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, SpikeCluster> {
    public KeeperDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(SpikeCluster cluster, Context<SpikeCluster> context) {
        return KeeperManifests.disruptionBudget(cluster);
    }
}
