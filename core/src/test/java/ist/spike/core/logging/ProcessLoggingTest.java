package ist.spike.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessLoggingTest {
    /** A module like Pilot: stderr, loggers of its own. */
    private static final class CliLogging extends ProcessLogging {
        CliLogging() {
            super(true, List.of(new LoggerLevel("io.grpc", "SPIKE_SYSTEM_LOG_LEVEL", Level.OFF),
                    new LoggerLevel("spike.audit", "SPIKE_AUDIT_LOG_LEVEL", Level.INFO)));
        }
    }

    private static LoggerContext configured(Map<String, String> env) {
        LoggerContext context = new LoggerContext();
        new CliLogging().configure(context, env);
        return context;
    }

    private static ConsoleAppender<ILoggingEvent> rootAppender(LoggerContext context) {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appenders::add);
        assertThat(appenders).hasSize(1);
        return (ConsoleAppender<ILoggingEvent>) appenders.get(0);
    }

    @Test
    void defaultsAreTextAtWarnWithTheModulesOwnLevels() {
        LoggerContext context = configured(Map.of());

        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.grpc").getLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("spike.audit").getLevel()).isEqualTo(Level.INFO);
        ConsoleAppender<ILoggingEvent> appender = rootAppender(context);
        assertThat(appender.isStarted()).isTrue();
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(appender.getEncoder()).isInstanceOfSatisfying(PatternLayoutEncoder.class,
                e -> assertThat(e.getPattern()).isEqualTo(ProcessLogging.PATTERN));
    }

    @Test
    void theEnvironmentChoosesLevelsAndJson() {
        LoggerContext context = configured(Map.of("SPIKE_SYSTEM_LOG_LEVEL", "debug", "SPIKE_AUDIT_LOG_LEVEL", "OFF",
                "SPIKE_LOG_FORMAT", "json"));

        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("io.grpc").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("spike.audit").getLevel()).isEqualTo(Level.OFF);
        assertThat(rootAppender(context).getEncoder()).isInstanceOf(JsonEncoder.class);
    }

    @Test
    void serversLogToStandardOutputWithTheAuditLoggerAtInfo() {
        LoggerContext context = new LoggerContext();
        new ServerLogging().configure(context, Map.of());

        assertThat(rootAppender(context).getTarget()).isEqualTo("System.out");
        assertThat(context.getLogger("spike.audit").getLevel()).isEqualTo(Level.INFO);
    }

    @ParameterizedTest
    @CsvSource({"'', WARN", "'  ', WARN", "error, ERROR", "Info, INFO", "TRACE, TRACE", "loud, WARN"})
    void levelNamesAreCaseInsensitiveAndUnknownOnesKeepTheDefault(String value, String expected) {
        assertThat(ProcessLogging.level(Map.of("V", value), "V", Level.WARN)).isEqualTo(Level.toLevel(expected));
    }
}
