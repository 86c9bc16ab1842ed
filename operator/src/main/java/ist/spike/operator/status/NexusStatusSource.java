package ist.spike.operator.status;

import ist.spike.operator.model.SpikeCluster;

/**
 * Reads a cluster's Nexus {@code /status}. Called on the poller's own threads, never on a reconcile
 * thread, so an implementation may block for as long as its timeout.
 */
public interface NexusStatusSource {
    /** Never throws: an unreachable or garbled Nexus is an observation too. */
    NexusObservation observe(SpikeCluster cluster);
}
