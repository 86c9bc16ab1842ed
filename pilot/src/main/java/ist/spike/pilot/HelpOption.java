package ist.spike.pilot;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} alone, for commands whose own {@code --version N} option rules out picocli's
 * standard help mixin (which brings {@code --version} too).
 */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
