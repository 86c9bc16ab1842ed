package ist.spike.operator;

import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.status.NexusObservation;
import ist.spike.operator.status.NexusStatusSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A Nexus whose {@code /status} a test sets per cluster name; unreachable until set. */
final class FakeNexusStatusSource implements NexusStatusSource {
    private final Map<String, NexusObservation> byCluster = new ConcurrentHashMap<>();
    private final Map<String, Long> delayMillis = new ConcurrentHashMap<>();

    /** Every read of this cluster's Nexus takes this long, like a Nexus that does not answer. */
    void slow(String cluster, long millis) {
        delayMillis.put(cluster, millis);
    }

    void set(String cluster, NexusObservation observation) {
        byCluster.put(cluster, observation);
    }

    void state(String cluster, String state, int holding, int collected, int remaining) {
        set(cluster, NexusObservation.reachable(state, holding, collected, remaining));
    }

    @Override
    public NexusObservation observe(SpikeCluster cluster) {
        long delay = delayMillis.getOrDefault(cluster.getMetadata().getName(), 0L);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return byCluster.getOrDefault(cluster.getMetadata().getName(),
                NexusObservation.unreachable("cannot connect to the fake Nexus"));
    }
}
