package ist.spike.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Logging of a SPIKE process, set up in code: parsing a {@code logback.xml} costs about 0.2 s of
 * every cold start (XML parser, Joran model), which a CLI command and a restarting Nexus both pay.
 * Each runnable module names a subclass in {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}:
 * {@link ServerLogging} for the servers, its own for the CLI.
 *
 * <p>The environment decides, as the documented variables always did: {@code SPIKE_SYSTEM_LOG_LEVEL}
 * (default WARN) for the root logger, {@code SPIKE_LOG_FORMAT=json} for one JSON object per line
 * (text otherwise), plus the module's own loggers. This is read here rather than in {@code main}
 * because logback configures itself before {@code main} logs anything.
 *
 * <p>A {@code logback-test.xml} on the class path or {@code -Dlogback.configurationFile} still
 * wins: then this configurator steps aside and logback reads that file.
 */
public abstract class ProcessLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    /** A logger whose level comes from {@code variable}, else {@code defaultLevel}. */
    public record LoggerLevel(String logger, String variable, Level defaultLevel) {
        public LoggerLevel {
            Objects.requireNonNull(logger, "logger");
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(defaultLevel, "defaultLevel");
        }
    }

    private final boolean toStandardError;
    private final List<LoggerLevel> loggers;

    /**
     * @param toStandardError where lines go: a CLI keeps stdout for data, so it logs to stderr
     * @param loggers the module's loggers beyond the root
     */
    protected ProcessLogging(boolean toStandardError, List<LoggerLevel> loggers) {
        this.toStandardError = toStandardError;
        this.loggers = List.copyOf(loggers);
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || getClass().getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, System.getenv());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets up {@code context} for the given environment. */
    void configure(LoggerContext context, Map<String, String> env) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        boolean json = "json".equalsIgnoreCase(env.getOrDefault("SPIKE_LOG_FORMAT", "").strip());
        appender.setName(json ? "json" : "text");
        if (toStandardError) {
            appender.setTarget("System.err");
        }
        appender.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
        appender.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level(env, "SPIKE_SYSTEM_LOG_LEVEL", Level.WARN));
        root.addAppender(appender);
        for (LoggerLevel l : loggers) {
            context.getLogger(l.logger()).setLevel(level(env, l.variable(), l.defaultLevel()));
        }
    }

    /** The level a variable names (case-insensitive), its default when unset or blank. */
    static Level level(Map<String, String> env, String variable, Level defaultLevel) {
        String value = env.getOrDefault(variable, "").strip();
        return value.isEmpty() ? defaultLevel : Level.toLevel(value, defaultLevel);
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.start();
        return encoder;
    }
}
