package ist.spike.pilot;

import ch.qos.logback.classic.Level;
import ist.spike.core.logging.ProcessLogging;
import java.util.List;

/**
 * Pilot, a CLI, logs to stderr so stdout carries only data. java-spiffe and gRPC log every failed
 * Workload API attempt with a stack trace; Pilot reports those failures itself in one line, so they
 * are quiet unless {@code SPIKE_SYSTEM_LOG_LEVEL} asks for a level (DEBUG shows the causes).
 */
public final class PilotLogging extends ProcessLogging {
    public PilotLogging() {
        super(true, List.of(new LoggerLevel("io.spiffe", "SPIKE_SYSTEM_LOG_LEVEL", Level.OFF),
                new LoggerLevel("io.grpc", "SPIKE_SYSTEM_LOG_LEVEL", Level.OFF)));
    }
}
