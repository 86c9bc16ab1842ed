package ist.spike.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import ist.spike.operator.manifests.PilotManifests;
import ist.spike.operator.model.SpikeCluster;

/** The cluster's Pilot Deployment, {@code <name>-pilot}; deleted when {@code spec.pilot.enabled} turns false. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.PILOT))
public final class PilotDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, SpikeCluster> {
    public PilotDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(SpikeCluster cluster, Context<SpikeCluster> context) {
        return PilotManifests.deployment(cluster);
    }
}
