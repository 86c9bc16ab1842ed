package ist.spike.pilot;

import ist.spike.pilot.failure.PilotException;
import ist.spike.pilot.nexus.NexusConnection;
import java.util.List;
import java.util.Map;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code spike}: reads the configuration once, runs one command, exits with its code. The only
 * place that reads the environment or calls {@code System.exit}.
 */
public final class PilotMain {
    private PilotMain() {
    }

    static boolean asksOnlyForHelp(String[] args) {
        List<String> words = List.of(args);
        return words.isEmpty() || words.contains("--help") || words.contains("-h") || words.contains("--version")
                || words.get(0).equals("help") || words.get(0).equals("completion");
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Terminal terminal = Terminal.system();
        PilotConfig config;
        try {
            config = PilotConfig.fromEnvironment(System.getenv());
        } catch (PilotException e) {
            if (!asksOnlyForHelp(args)) {
                terminal.err().println("spike: " + e.getMessage());
                terminal.flush();
                System.exit(e.exitCode().code());
                return;
            }
            // Help and the completion script need no settings: a bad variable must not hide them.
            config = PilotConfig.fromEnvironment(Map.of());
        }
        int exitCode;
        try (NexusConnection nexus = new NexusConnection(config)) {
            exitCode = PilotCli.run(new PilotContext(config, nexus, terminal), args);
        }
        QuickExit.exit(exitCode);
    }
}
