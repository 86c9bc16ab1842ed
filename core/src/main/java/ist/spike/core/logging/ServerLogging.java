package ist.spike.core.logging;

import ch.qos.logback.classic.Level;
import java.util.List;

/**
 * Logging of the servers (Nexus, Keeper, dev agent): lines to stdout, and the audit logger
 * {@code spike.audit} (one line per API call: caller, route, path, outcome; never a value or a
 * shard) at INFO unless {@code SPIKE_AUDIT_LOG_LEVEL} says otherwise.
 */
public final class ServerLogging extends ProcessLogging {
    public ServerLogging() {
        super(false, List.of(new LoggerLevel("spike.audit", "SPIKE_AUDIT_LOG_LEVEL", Level.INFO)));
    }
}
