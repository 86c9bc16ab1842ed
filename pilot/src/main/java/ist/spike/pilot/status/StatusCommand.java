package ist.spike.pilot.status;

import ist.spike.core.api.StatusMessages.NexusStatus;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.output.FormatOption;
import ist.spike.pilot.output.Printer;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spike status}: Nexus's state, its Keepers and restore progress; never key material. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Print Nexus's state, its Keepers and restore progress.",
            "States: INITIALIZING, RECOVERING (waiting for Keepers), READY, RESTORE_REQUIRED (run `spike restore`)."
                    + " When Nexus is not READY, the last line says what to do next."})
public final class StatusCommand implements Callable<Integer> {
    private final PilotContext context;

    @Mixin
    FormatOption format;

    public StatusCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        NexusStatus status = context.nexus().get().status();
        new Printer(context.terminal().out(), format.format()).print(status, s -> StatusText.render(s, context.config().roleSwitch()));
        return 0;
    }
}
