package ist.spike.operator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.status.NexusObservation;
import ist.spike.operator.status.NexusStatusSource;
import java.util.concurrent.TimeUnit;

/** Times every Nexus {@code /status} read as {@code spike_operator_nexus_poll_seconds{outcome}}. */
final class TimedNexusStatusSource implements NexusStatusSource {
    private final NexusStatusSource inner;
    private final Timer reachable;
    private final Timer unreachable;

    TimedNexusStatusSource(NexusStatusSource inner, MeterRegistry registry) {
        this.inner = inner;
        this.reachable = timer(registry, "reachable");
        this.unreachable = timer(registry, "unreachable");
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("spike.operator.nexus.poll").description("Reads of Nexus /status")
                .tag("outcome", outcome).register(registry);
    }

    @Override
    public NexusObservation observe(SpikeCluster cluster) {
        long start = System.nanoTime();
        NexusObservation seen = inner.observe(cluster);
        (seen.isReachable() ? reachable : unreachable).record(System.nanoTime() - start,
                TimeUnit.NANOSECONDS);
        return seen;
    }
}
