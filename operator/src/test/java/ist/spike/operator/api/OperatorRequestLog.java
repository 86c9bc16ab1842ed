package ist.spike.operator.api;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every request the operators under test sent to a mock API server in this JVM, with the settings
 * that operator ran with. Filled by the mock servers of all ITs; {@code RbacCoverageIT} (ordered
 * last) checks it against the chart's RBAC.
 */
public final class OperatorRequestLog {
    /** How the operator that sent a request was configured: what decides which RBAC rendering applies. */
    public record Mode(boolean serverSideApply, Set<String> namespaces) {
        public Mode {
            namespaces = Set.copyOf(namespaces);
        }
    }

    public record Entry(Mode mode, ApiRequest request) {
    }

    // A test-only collector shared by the ITs of one failsafe JVM.
    private static final ConcurrentLinkedQueue<Entry> ENTRIES = new ConcurrentLinkedQueue<>();

    private OperatorRequestLog() {
    }

    public static void record(Mode mode, ApiRequest request) {
        ENTRIES.add(new Entry(mode, request));
    }

    public static List<Entry> entries() {
        return List.copyOf(ENTRIES);
    }
}
