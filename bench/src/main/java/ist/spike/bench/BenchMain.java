package ist.spike.bench;

import java.util.List;

/** {@code spike-bench <suite>…}: runs benchmark suites and prints their figures. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // java-spiffe logs each SVID update through java.util.logging; keep the figures readable.
        java.util.logging.Logger.getLogger("io.spiffe").setLevel(java.util.logging.Level.WARNING);
        List<String> suites = args.length == 0 ? List.of("foundation") : List.of(args);
        for (String suite : suites) {
            switch (suite) {
                case "foundation" -> FoundationBenchmark.run();
                default -> {
                    System.err.println("spike-bench: unknown suite '" + suite + "'; known: foundation");
                    System.exit(2);
                }
            }
        }
    }
}
