package ist.spike.nexus;

import ch.qos.logback.classic.Level;
import ist.spike.core.logging.ProcessLogging;
import java.util.List;

/**
 * Nexus logs to stdout; its audit lines ({@code spike.audit}, never a value) at INFO unless
 * {@code SPIKE_AUDIT_LOG_LEVEL} says otherwise.
 */
public final class NexusLogging extends ProcessLogging {
    @Override
    protected boolean toStandardError() {
        return false;
    }

    @Override
    protected List<LoggerLevel> loggers() {
        return List.of(
                // One audit line per API call: caller, route, path, outcome; never a value.
                new LoggerLevel("spike.audit", "SPIKE_AUDIT_LOG_LEVEL", Level.INFO));
    }
}
