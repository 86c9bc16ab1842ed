package ist.spike.pilot.recovery;

import ist.spike.core.api.OperatorMessages.RekeyResponse;
import ist.spike.core.api.StatusMessages.NexusStatus;
import ist.spike.core.api.StatusMessages.ShamirInfo;
import ist.spike.core.api.StatusMessages.SharingInfo;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code spike operator rekey} (Pilot superuser): a new root key, shared to the Keepers as a new generation. */
@Command(name = "rekey", mixinStandardHelpOptions = true,
        description = {"Replace the root key: Nexus makes a new one, seals its keyring under it and gives the Keepers"
                + " the new key's shards. Secrets stay readable throughout; the data keys do not change (to replace"
                + " them too, run `spike operator rotate --rewrap` afterwards).",
            "Every recovery file (and passphrase escrow) taken before the rekey stops working: take new files"
                    + " with `spike recover` once it is done. Needs at least 2T-1 Keepers, so a Nexus crash in the"
                    + " middle still recovers by itself."})
public final class RekeyCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    public RekeyCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        RekeyResponse response = context.nexus().get().rekey();
        PrintWriter out = context.terminal().out();
        String recover = context.config().roleSwitch().command("recover");
        if (response.done()) {
            out.println("The root key is replaced: sharing generation " + response.generation() + ", held by "
                    + response.holders() + " Keepers (" + response.threshold() + " needed).");
            out.println("Recovery files taken before now no longer restore. Take new ones (run " + recover
                    + ", then `spike recover`) and destroy the old.");
        } else {
            out.println("Rekey under way: " + response.holders() + " of the " + response.threshold()
                    + " Keepers needed hold the new key's shards; Nexus goes on giving them out (see `spike status`).");
            out.println("Until it is done the old key and its recovery files stay in force.");
        }
        return 0;
    }

    @Override
    public String unauthorized() {
        return "rekey needs the Pilot superuser role (run " + context.config().roleSwitch().command("superuser") + ")";
    }

    /** The wire says only {@code state_conflict}: the status tells which of the reasons it is. */
    @Override
    public String conflict() {
        try {
            NexusStatus status = context.nexus().get().status();
            SharingInfo sharing = status.sharing();
            ShamirInfo shamir = status.shamir();
            if (sharing == null || shamir == null) {
                return "this Nexus keeps no root key to replace (the memory backend)";
            }
            if (sharing.rekeying()) {
                return "a rekey is already in progress: see `spike status`";
            }
            if (sharing.pending() != null || sharing.problem() != null) {
                return "a re-share is not finished (see `spike status`): rekey once it is";
            }
            int needed = 2 * shamir.threshold() - 1;
            if (shamir.shares() < needed) {
                return "a key shared " + shamir.threshold() + " of " + shamir.shares() + " needs at least " + needed
                        + " Keepers for a rekey (so a Nexus crash in the middle recovers by itself): add Keepers first";
            }
        } catch (RuntimeException e) {
            // fall through to the general answer
        }
        return "Nexus cannot rekey now: see `spike status`";
    }
}
