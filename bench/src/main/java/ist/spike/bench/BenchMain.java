package ist.spike.bench;

import java.util.List;

/** {@code spike-bench <suite>…}: runs benchmark suites and prints their figures. */
public final class BenchMain {
    // java-spiffe logs each SVID update through java.util.logging; keep the figures readable.
    // Held in a field: java.util.logging keeps only weak references to configured loggers.
    private static final java.util.logging.Logger SPIFFE_LOG = java.util.logging.Logger.getLogger("io.spiffe");
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        SPIFFE_LOG.setLevel(java.util.logging.Level.WARNING);
        List<String> suites = args.length == 0 ? List.of("foundation") : List.of(args);
        for (String suite : suites) {
            switch (suite) {
                case "foundation" -> FoundationBenchmark.run();
                case "nexus" -> NexusBenchmark.run();
                case "recovery" -> RecoveryBenchmark.run();
                case "operator" -> OperatorBenchmark.run();
                case "wire" -> WireBenchmark.run();
                default -> {
                    System.err.println("spike-bench: unknown suite '" + suite + "'; known: foundation, nexus, recovery, operator, wire");
                    System.exit(2);
                }
            }
        }
    }
}
