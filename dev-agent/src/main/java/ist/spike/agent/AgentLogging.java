package ist.spike.agent;

import ch.qos.logback.classic.Level;
import ist.spike.core.logging.ProcessLogging;
import java.util.List;

/**
 * The dev agent logs to stdout, WARN and above unless {@code SPIKE_SYSTEM_LOG_LEVEL} says
 * otherwise.
 */
public final class AgentLogging extends ProcessLogging {
    @Override
    protected boolean toStandardError() {
        return false;
    }

    @Override
    protected List<LoggerLevel> loggers() {
        return List.of();
    }
}
