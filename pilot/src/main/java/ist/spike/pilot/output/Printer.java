package ist.spike.pilot.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import ist.spike.core.api.SpikeJson;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Function;

/**
 * Prints a command's data on stdout: through a human renderer, or as JSON or YAML of the data
 * object itself (times as RFC 3339 strings).
 *
 * <p>Security: the data objects given here are chosen by the commands; only {@code secret get}
 * passes secret values, because printing them is what it was asked for.
 */
public final class Printer {
    private static final ObjectWriter JSON = SpikeJson.mapper().writerWithDefaultPrettyPrinter();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private final PrintWriter out;
    private final Format format;

    public Printer(PrintWriter out, Format format) {
        this.out = Objects.requireNonNull(out, "out");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** Prints {@code data}; {@code human} renders it as text (a trailing newline is added when missing). */
    public <T> void print(T data, Function<? super T, String> human) {
        String text = switch (format) {
            case HUMAN -> human.apply(data);
            case JSON -> write(JSON, data);
            case YAML -> write(YAML.writer(), data);
        };
        out.print(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.println();
        }
        out.flush();
    }

    private static String write(ObjectWriter writer, Object data) {
        try {
            return writer.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + data.getClass().getSimpleName() + " as structured output", e);
        }
    }
}
