package ist.spike.pilot;

import ist.spike.pilot.failure.PilotException;
import ist.spike.pilot.nexus.NexusConnection;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code spike}: reads the configuration once, runs one command, exits with its code. The only
 * place that reads the environment or calls {@code System.exit}.
 */
public final class PilotMain {
    private PilotMain() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Terminal terminal = Terminal.system();
        PilotConfig config;
        try {
            config = PilotConfig.fromEnvironment(System.getenv());
        } catch (PilotException e) {
            terminal.err().println("spike: " + e.getMessage());
            terminal.flush();
            System.exit(e.exitCode().code());
            return;
        }
        int exitCode;
        try (NexusConnection nexus = new NexusConnection(config)) {
            exitCode = PilotCli.run(new PilotContext(config, nexus, terminal), args);
        }
        System.exit(exitCode);
    }
}
