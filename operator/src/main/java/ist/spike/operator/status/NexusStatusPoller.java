package ist.spike.operator.status;

import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ExternalResourceCachingEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import ist.spike.operator.model.SpikeCluster;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every SpikeCluster's Nexus {@code /status} on its own threads, keeps the last observation
 * and wakes the reconciler when it changes. Threading: reconcilers only read the cache, which never
 * fetches, so a slow or dead Nexus never holds a reconcile thread; at most {@code threads} reads run
 * at once, each bounded by the source's timeout.
 */
public final class NexusStatusPoller extends ExternalResourceCachingEventSource<NexusObservation, SpikeCluster, String>
        implements ResourceEventAware<SpikeCluster> {
    public static final String NAME = "nexus-status";
    private static final Logger LOG = LoggerFactory.getLogger(NexusStatusPoller.class);

    private final EventSourceContext<SpikeCluster> context;
    private final NexusStatusSource source;
    private final Duration interval;
    private final int threads;
    private final Map<ResourceID, SpikeCluster> clusters = new ConcurrentHashMap<>();
    private final Map<ResourceID, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;

    public NexusStatusPoller(EventSourceContext<SpikeCluster> context, NexusStatusSource source, Duration interval,
                             int threads) {
        super(NAME, NexusObservation.class, ResourceIDMapper.singleResourceResourceIDMapper());
        this.context = context;
        this.source = source;
        this.interval = interval;
        this.threads = threads;
    }

    @Override
    public void start() throws OperatorException {
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "nexus-status-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        super.start();
        context.getPrimaryCache().list().forEach(this::watch);
    }

    @Override
    public void stop() throws OperatorException {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
        tasks.clear();
        super.stop();
    }

    @Override
    public void onResourceCreated(SpikeCluster cluster) {
        watch(cluster);
    }

    @Override
    public void onResourceUpdated(SpikeCluster cluster, SpikeCluster old) {
        watch(cluster);
    }

    @Override
    public void onResourceDeleted(SpikeCluster cluster) {
        ResourceID id = ResourceID.fromResource(cluster);
        clusters.remove(id);
        ScheduledFuture<?> task = tasks.remove(id);
        if (task != null) {
            task.cancel(false);
        }
        handleDelete(id);
    }

    /** Remembers the newest version of the cluster and starts polling it if it was not yet. */
    private void watch(SpikeCluster cluster) {
        ResourceID id = ResourceID.fromResource(cluster);
        clusters.put(id, cluster);
        ScheduledExecutorService running = executor;
        if (running != null && !running.isShutdown()) {
            tasks.computeIfAbsent(id, key -> running.scheduleWithFixedDelay(() -> poll(key), 0,
                    interval.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private void poll(ResourceID id) {
        SpikeCluster cluster = clusters.get(id);
        if (cluster != null) {
            // Emits an event only when the observation differs from the cached one.
            try {
                handleResources(id, source.observe(cluster));
            } catch (RuntimeException e) {
                // A periodic task that throws is never run again: keep polling whatever happened.
                LOG.warn("Could not hand over the Nexus status of {}: {}", id, e.toString());
            }
        }
    }
}
