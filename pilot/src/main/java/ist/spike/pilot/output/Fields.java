package ist.spike.pilot.output;

import java.util.ArrayList;
import java.util.List;

/** Labelled lines, {@code Label:  value}, with the values aligned. */
public final class Fields {
    private final List<String[]> lines = new ArrayList<>();

    /** Adds a line; a null value prints as {@code -}. */
    public Fields add(String label, Object value) {
        lines.add(new String[] {label + ":", value == null ? "-" : value.toString()});
        return this;
    }

    public String render() {
        int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String[] line : lines) {
            text.append(String.format("%-" + width + "s  %s", line[0], line[1]).stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
