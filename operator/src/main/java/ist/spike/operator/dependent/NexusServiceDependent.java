package ist.spike.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import ist.spike.operator.manifests.NexusManifests;
import ist.spike.operator.model.SpikeCluster;

/** The Nexus Service, {@code <name>-nexus}: API and health ports. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.NEXUS))
public final class NexusServiceDependent extends CRUDKubernetesDependentResource<Service, SpikeCluster> {
    public NexusServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(SpikeCluster cluster, Context<SpikeCluster> context) {
        return NexusManifests.service(cluster);
    }
}
