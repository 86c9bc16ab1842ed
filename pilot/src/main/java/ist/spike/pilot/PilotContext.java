package ist.spike.pilot;

import ist.spike.pilot.nexus.NexusApi;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every command is constructed with: the configuration, Nexus (connected on first
 * {@code get()}), and the terminal.
 */
public record PilotContext(PilotConfig config, Supplier<NexusApi> nexus, Terminal terminal) {
    public PilotContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(nexus, "nexus");
        Objects.requireNonNull(terminal, "terminal");
    }
}
