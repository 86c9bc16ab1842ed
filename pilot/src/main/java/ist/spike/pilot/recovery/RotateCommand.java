package ist.spike.pilot.recovery;

import ist.spike.core.api.OperatorMessages.RotateRequest;
import ist.spike.core.api.OperatorMessages.RotateResponse;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spike operator rotate [--rewrap]} (Pilot superuser): a new data-key term for new writes. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Start a new data-key term: secrets and policies written from now on are sealed under a fresh"
                + " data key. The root key, the shards and the recovery files stay as they are.",
            "With --rewrap, Nexus also re-seals every older row under the new term in the background (reads and"
                    + " writes keep working; progress in `spike status`; a restarted Nexus resumes it)."})
public final class RotateCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Option(names = "--rewrap", description = "Re-seal older rows under the new term in the background.")
    boolean rewrap;

    public RotateCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        RotateResponse response = context.nexus().get().rotate(new RotateRequest(rewrap));
        PrintWriter out = context.terminal().out();
        out.println("Key term " + response.term() + " seals new secrets and policies.");
        out.println(rewrap ? "Older rows are re-sealed under it in the background: see `spike status`."
                : "Older rows stay under their terms; `spike operator rotate --rewrap` re-seals them.");
        return 0;
    }

    @Override
    public String unauthorized() {
        return "rotate needs the Pilot superuser role (run " + context.config().roleSwitch().command("superuser") + ")";
    }

    @Override
    public String conflict() {
        return "a rekey is in progress (see `spike status`), or this Nexus keeps no keyring (the memory backend)";
    }
}
