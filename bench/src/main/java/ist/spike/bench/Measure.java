package ist.spike.bench;

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
        java.util.Arrays.sort(results);
        return results[rounds / 2];
    }

    static void print(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%-48s %12.1f %s", name, value, unit));
    }
}
