package ist.spike.operator.status;

import java.util.List;

/**
 * Everything the status of one SpikeCluster is computed from, gathered by the reconciler.
 *
 * @param specProblems why the spec cannot be deployed; empty when it can
 * @param keepersReady ready replicas of the Keeper StatefulSet
 * @param nexus the last Nexus {@code /status} reading, or null when none has been made yet
 */
public record ClusterObservation(long generation, List<String> specProblems, int keepersWanted, int threshold,
                                 int keepersReady, boolean nexusDeployed,
                                 NexusObservation nexus) {
    public ClusterObservation {
        specProblems = List.copyOf(specProblems);
    }
}
