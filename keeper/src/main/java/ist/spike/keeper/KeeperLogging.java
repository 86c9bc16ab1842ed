package ist.spike.keeper;

import ch.qos.logback.classic.Level;
import ist.spike.core.logging.ProcessLogging;
import java.util.List;

/**
 * A Keeper logs to stdout; its audit lines ({@code spike.audit}, never a shard) at INFO unless
 * {@code SPIKE_AUDIT_LOG_LEVEL} says otherwise.
 */
public final class KeeperLogging extends ProcessLogging {
    @Override
    protected boolean toStandardError() {
        return false;
    }

    @Override
    protected List<LoggerLevel> loggers() {
        return List.of(
                // One audit line per API call: caller, route, outcome; never a shard.
                new LoggerLevel("spike.audit", "SPIKE_AUDIT_LOG_LEVEL", Level.INFO));
    }
}
