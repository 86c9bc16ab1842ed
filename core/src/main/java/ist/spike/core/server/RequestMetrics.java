package ist.spike.core.server;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters by route and outcome, and a latency histogram by route, in Prometheus text
 * form. Labels come only from the fixed route table and error codes, never from user input.
 * Thread-safe and lock-free on the request path.
 */
public final class RequestMetrics {
    private static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final String prefix;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
        final LongAdder sumNanos = new LongAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }
    }

    /** @param prefix metric name prefix, e.g. {@code spike_nexus} */
    public RequestMetrics(String prefix) {
        this.prefix = prefix;
    }

    public void record(String route, String outcome, long nanos) {
        requests.computeIfAbsent(route + "\u0000" + outcome, k -> new LongAdder()).increment();
        Histogram h = latency.computeIfAbsent(route, k -> new Histogram());
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
            bucket++;
        }
        h.counts[bucket].increment();
        h.sumNanos.add(nanos);
    }

    /** Appends the metrics in Prometheus text exposition format. */
    public void render(StringBuilder out) {
        out.append("# HELP ").append(prefix).append("_requests_total API calls by route and outcome.\n");
        out.append("# TYPE ").append(prefix).append("_requests_total counter\n");
        new TreeMap<>(requests).forEach((key, count) -> {
            String[] parts = key.split("\u0000", 2);
            out.append(prefix).append("_requests_total{route=\"").append(parts[0]).append("\",outcome=\"")
                    .append(parts[1]).append("\"} ").append(count.sum()).append('\n');
        });
        out.append("# HELP ").append(prefix).append("_request_duration_seconds API call latency by route.\n");
        out.append("# TYPE ").append(prefix).append("_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((route, h) -> {
            long cumulative = 0;
            for (int i = 0; i <= BUCKETS.length; i++) {
                cumulative += h.counts[i].sum();
                String le = i < BUCKETS.length ? String.format(Locale.ROOT, "%s", BUCKETS[i]) : "+Inf";
                out.append(prefix).append("_request_duration_seconds_bucket{route=\"").append(route)
                        .append("\",le=\"").append(le).append("\"} ").append(cumulative).append('\n');
            }
            out.append(prefix).append("_request_duration_seconds_sum{route=\"").append(route).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.6f", h.sumNanos.sum() / 1e9)).append('\n');
            out.append(prefix).append("_request_duration_seconds_count{route=\"").append(route).append("\"} ")
                    .append(cumulative).append('\n');
        });
    }
}
