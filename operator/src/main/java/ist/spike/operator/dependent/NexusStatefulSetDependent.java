package ist.spike.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import ist.spike.operator.manifests.NexusManifests;
import ist.spike.operator.model.SpikeCluster;

/** The Nexus StatefulSet, {@code <name>-nexus}. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.NEXUS))
public final class NexusStatefulSetDependent extends CRUDKubernetesDependentResource<StatefulSet, SpikeCluster> {
    public NexusStatefulSetDependent() {
        super(StatefulSet.class);
    }

    @Override
    protected StatefulSet desired(SpikeCluster cluster, Context<SpikeCluster> context) {
        StatefulSet desired = NexusManifests.statefulSet(cluster);
        // A StatefulSet's volume claim templates cannot change once created: keep the ones it has,
        // so a new storage size never turns into an update the API server refuses on every reconcile.
        // (Looked up by name: the dependent's own lookup would call desired() again.)
        context.getSecondaryResourcesAsStream(StatefulSet.class)
                .filter(actual -> actual.getMetadata().getName().equals(desired.getMetadata().getName()))
                .findFirst()
                .ifPresent(actual -> desired.getSpec().setVolumeClaimTemplates(actual.getSpec().getVolumeClaimTemplates()));
        return desired;
    }
}
