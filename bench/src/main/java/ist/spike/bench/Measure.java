package ist.spike.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** A tiny timing harness: warm up, then run timed batches and report the median. */
final class Measure {
    private Measure() {
    }

    interface Op {
        void run() throws Exception;
    }

    /** Nanoseconds per operation: median of {@code rounds} batches of {@code ops}, after one warm-up batch. */
    static double nanosPerOp(int rounds, int ops, Op op) throws Exception {
        for (int i = 0; i < ops; i++) {
            op.run();
        }
        double[] results = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                op.run();
            }
            results[r] = (System.nanoTime() - t0) / (double) ops;
        }
        Arrays.sort(results);
        return results[rounds / 2];
    }

    static void print(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%-48s %12.1f %s", name, value, unit));
    }

    /** A {@code /proc/<pid>/status} line, such as {@code VmRSS: 104548 kB}, whitespace squeezed. */
    static String procStatus(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith(field)).findFirst().orElse(field + ": ?").replaceAll("\\s+", " ");
        } catch (IOException e) {
            return field + ": unknown";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One line for a set of timings: min, median, p90, max and every sample in run order. */
    static void printMillis(String name, long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "%-58s min %5d  median %5d  p90 %5d  max %5d ms  (all: %s)",
                name, sorted[0], sorted[sorted.length / 2], sorted[sorted.length * 9 / 10], sorted[sorted.length - 1],
                Arrays.toString(millis)));
    }
}
