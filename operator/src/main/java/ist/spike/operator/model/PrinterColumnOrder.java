package ist.spike.operator.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A build step (run by the POM after the crd-generator): puts the CRD's printer columns in the order
 * {@code kubectl get spk} should show them, State, Keepers, Ready, Age (and Pilot with {@code -o wide}).
 * The generator sorts them by JSON path and has no option for this; everything else in its output is left byte for byte.
 */
public final class PrinterColumnOrder {
    static final List<String> ORDER = List.of("State", "Keepers", "Ready", "Age", "Pilot");
    private static final String LIST_START = "  - additionalPrinterColumns:";
    private static final String ENTRY = "    - ";
    private static final String ENTRY_BODY = "      ";

    private PrinterColumnOrder() {
    }

    public static void main(String[] args) throws IOException {
        for (String file : args) {
            Path path = Path.of(file);
            Files.writeString(path, reorder(Files.readString(path, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
    }

    /** The CRD text with the columns of its (single) printer-column list in {@link #ORDER}. */
    static String reorder(String crd) {
        List<String> lines = new ArrayList<>(crd.lines().toList());
        int start = lines.indexOf(LIST_START);
        if (start < 0) {
            throw new IllegalArgumentException("no additionalPrinterColumns in the generated CRD");
        }
        List<List<String>> entries = new ArrayList<>();
        int end = start + 1;
        while (end < lines.size() && (lines.get(end).startsWith(ENTRY) || lines.get(end).startsWith(ENTRY_BODY))) {
            if (lines.get(end).startsWith(ENTRY)) {
                entries.add(new ArrayList<>());
            }
            entries.get(entries.size() - 1).add(lines.get(end));
            end++;
        }
        entries.sort(Comparator.comparingInt(PrinterColumnOrder::rank));
        List<String> out = new ArrayList<>(lines.subList(0, start + 1));
        entries.forEach(out::addAll);
        out.addAll(lines.subList(end, lines.size()));
        return String.join("\n", out) + (crd.endsWith("\n") ? "\n" : "");
    }

    private static int rank(List<String> entry) {
        for (int i = 0; i < ORDER.size(); i++) {
            if (entry.contains(ENTRY_BODY + "name: \"" + ORDER.get(i) + "\"")) {
                return i;
            }
        }
        return ORDER.size();
    }
}
