package ist.spike.core.spiffe;

import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Silences one known, harmless warning of java-spiffe 0.8.17: closing an X509Source cancels its
 * Workload API stream, gRPC reports the cancellation on another thread, and java-spiffe then tries
 * to schedule a retry on the executor it has just shut down. gRPC logs the rejected task as a WARN
 * with a stack trace, which a CLI user would see after a command that succeeded. Every other record
 * of that logger passes unchanged.
 */
final class CloseRaceFilter implements Filter {
    static final String GRPC_CALL_LOGGER = "io.grpc.internal.ClientCallImpl";
    private static final String RETRY_HANDLER = "io.spiffe.workloadapi.retry.RetryHandler";

    // JUL holds loggers weakly: keep ours so the filter outlives garbage collection.
    private static final Logger GRPC_CALLS = Logger.getLogger(GRPC_CALL_LOGGER);

    private CloseRaceFilter() {
    }

    /** Installs the filter once per JVM; later calls do nothing. */
    static synchronized void install() {
        if (!(GRPC_CALLS.getFilter() instanceof CloseRaceFilter)) {
            GRPC_CALLS.setFilter(new CloseRaceFilter());
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        return !isCloseRace(record.getThrown());
    }

    static boolean isCloseRace(Throwable thrown) {
        if (!(thrown instanceof RejectedExecutionException)) {
            return false;
        }
        for (StackTraceElement frame : thrown.getStackTrace()) {
            if (RETRY_HANDLER.equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }
}
