package ist.spike.pilot.output;

import picocli.CommandLine.Option;

/** The {@code --format human|json|yaml} option of every command that prints data. */
public final class FormatOption {
    @Option(names = "--format", defaultValue = "human", paramLabel = "FORMAT", converter = Format.Converter.class,
            completionCandidates = Format.Names.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.HUMAN;

    public Format format() {
        return format;
    }
}
