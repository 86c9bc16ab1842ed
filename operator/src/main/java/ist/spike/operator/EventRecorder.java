package ist.spike.operator;

import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.status.Transitions.Transition;

/** Publishes a SpikeCluster's transitions as Kubernetes Events. Never throws: an Event is best effort. */
public interface EventRecorder {
    void record(SpikeCluster cluster, Transition transition);
}
