package ist.spike.pilot;

import ch.qos.logback.classic.Level;
import ist.spike.core.logging.ProcessLogging;
import java.util.List;

/**
 * Pilot, a CLI, logs to stderr so stdout carries only data; {@code SPIKE_SYSTEM_LOG_LEVEL=DEBUG}
 * shows the causes behind an error line.
 */
public final class PilotLogging extends ProcessLogging {
    @Override
    protected boolean toStandardError() {
        return true;
    }

    @Override
    protected List<LoggerLevel> loggers() {
        return List.of(
                // java-spiffe and gRPC log every failed Workload API attempt with a stack trace; Pilot
                // reports those failures itself in one line, so they are quiet unless a level is asked for.
                new LoggerLevel("io.spiffe", "SPIKE_SYSTEM_LOG_LEVEL", Level.OFF),
                new LoggerLevel("io.grpc", "SPIKE_SYSTEM_LOG_LEVEL", Level.OFF));
    }
}
