package ist.spike.operator;

import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.status.NexusObservation;
import ist.spike.operator.status.NexusStatusSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A Nexus whose {@code /status} a test sets per cluster name; unreachable until set. */
final class FakeNexusStatusSource implements NexusStatusSource {
    private final Map<String, NexusObservation> byCluster = new ConcurrentHashMap<>();

    void set(String cluster, NexusObservation observation) {
        byCluster.put(cluster, observation);
    }

    void state(String cluster, String state, int holding, int collected, int remaining) {
        set(cluster, NexusObservation.reachable(state, holding, collected, remaining));
    }

    @Override
    public NexusObservation observe(SpikeCluster cluster) {
        return byCluster.getOrDefault(cluster.getMetadata().getName(),
                NexusObservation.unreachable("cannot connect to the fake Nexus"));
    }
}
