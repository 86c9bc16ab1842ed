package ist.spike.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import ist.spike.operator.model.SpikeCluster;

/** The Pilot Deployment exists while {@code spec.pilot.enabled} is true; otherwise JOSDK deletes it. */
public final class PilotEnabled implements Condition<Deployment, SpikeCluster> {
    @Override
    public boolean isMet(DependentResource<Deployment, SpikeCluster> dependent, SpikeCluster cluster,
                         Context<SpikeCluster> context) {
        return cluster.getSpec() != null && cluster.getSpec().getPilot() != null && cluster.getSpec().getPilot().isEnabled();
    }
}
