package ist.spike.pilot.output;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a command prints its data. */
public enum Format {
    /** Lines and tables for people. */
    HUMAN,
    /** The data as indented JSON. */
    JSON,
    /** The data as YAML. */
    YAML;

    /** Lower case, as typed on the command line and shown in help. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the option value, in any case. */
    public static final class Converter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(value.strip())).findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a format: use human, json or yaml"));
        }
    }

    /** The values for help and shell completion, in lower case. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(Format::toString).iterator();
        }
    }
}
