package ist.spike.core.spiffe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloseRaceFilterTest {
    private final Logger grpc = Logger.getLogger(CloseRaceFilter.GRPC_CALL_LOGGER);
    private final List<LogRecord> published = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            published.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        CloseRaceFilter.install();
        grpc.addHandler(capture);
        grpc.setUseParentHandlers(false);
    }

    @AfterEach
    void release() {
        grpc.removeHandler(capture);
        grpc.setUseParentHandlers(true);
    }

    @Test
    void dropsTheRejectedRetryOfAClosedSource() {
        grpc.log(Level.WARNING, "Exception thrown by onClose() in ClientCall", rejectedIn("io.spiffe.workloadapi.retry.RetryHandler"));

        assertThat(published).isEmpty();
    }

    @Test
    void keepsEveryOtherWarning() {
        grpc.log(Level.WARNING, "rejected elsewhere", rejectedIn("io.grpc.internal.SerializingExecutor"));
        grpc.log(Level.WARNING, "another failure", new IllegalStateException("boom"));
        grpc.log(Level.WARNING, "no exception at all");

        assertThat(published).extracting(LogRecord::getMessage)
                .containsExactly("rejected elsewhere", "another failure", "no exception at all");
    }

    @Test
    void installingTwiceKeepsOneFilter() {
        CloseRaceFilter.install();

        assertThat(grpc.getFilter()).isInstanceOf(CloseRaceFilter.class);
    }

    private static RejectedExecutionException rejectedIn(String className) {
        RejectedExecutionException e = new RejectedExecutionException("rejected from a terminated executor");
        e.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("java.util.concurrent.ThreadPoolExecutor", "reject", "ThreadPoolExecutor.java", 833),
                new StackTraceElement(className, "scheduleRetry", null, 38)});
        return e;
    }
}
