package ist.spike.pilot.recovery;

import ist.spike.core.api.OperatorMessages.EscrowRequest;
import ist.spike.core.api.OperatorMessages.RestoreRequest;
import ist.spike.core.api.OperatorMessages.RestoreResponse;
import ist.spike.core.api.StatusMessages.BadShard;
import ist.spike.core.api.StatusMessages.NexusStatus;
import ist.spike.core.api.StatusMessages.SharingInfo;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.InvalidShareException;
import ist.spike.core.error.SpikeException;
import ist.spike.core.shamir.ShardCodec;
import ist.spike.core.shamir.Share;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import ist.spike.pilot.failure.PilotException;
import ist.spike.pilot.failure.RoleSwitch;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code spike restore} (Pilot restore role): gives Nexus one recovery shard per call, read from a
 * hidden prompt or from stdin, and prints how many Nexus has and still needs.
 *
 * <p>Security: the shard is never echoed, printed or put in a message, not even when malformed.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Give Nexus one recovery shard; run once per shard until SPIKE is restored.",
            "The shard is the content of a recovery file (spike:<id>:<hex>), typed at a hidden prompt, or one line of"
                    + " stdin when it is not a terminal: spike restore < spike.recovery.1.txt. Needs the Pilot"
                    + " restore role: run hack/spire-server-entry-restore-register.sh first (in the operator's Pilot pod:"
                    + " set spec.pilot.role to restore)."})
public final class RestoreCommand implements Callable<Integer>, FailureHints {
    static final String PROMPT = "Recovery shard (input hidden): ";

    private final PilotContext context;
    private int shardId;

    @picocli.CommandLine.Option(names = "--passphrase", description = "Restore from the passphrase escrow"
            + " (`spike recover --passphrase`) instead of a shard: the passphrase at a hidden prompt, or the first line"
            + " of stdin.")
    boolean passphrase;

    public RestoreCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        if (passphrase) {
            return restoreWithPassphrase();
        }
        Share share = readShard();
        shardId = share.id();
        RestoreResponse response;
        try {
            response = context.nexus().get().restore(new RestoreRequest(share.id(), share.value()));
        } catch (SpikeException e) {
            if (e.code() == ErrorCode.BAD_REQUEST) {
                throw PilotException.failed(refusalReason(), e);
            }
            throw e;
        } finally {
            share.value().destroy();
        }
        PrintWriter out = context.terminal().out();
        out.println("Shards collected: " + response.collected());
        out.println("Shards remaining: " + response.remaining());
        if (response.restored()) {
            restored(out);
        } else {
            out.println("Run `spike restore` again with the next shard.");
        }
        return 0;
    }

    private void restored(PrintWriter out) {
        out.println("SPIKE is now restored and ready to use.");
        out.println("Switch Pilot back with " + context.config().roleSwitch().command("superuser") + ".");
    }

    private int restoreWithPassphrase() {
        byte[] secret = PassphraseInput.read(context.terminal(), false);
        try {
            context.nexus().get().restoreWithPassphrase(new EscrowRequest(secret));
        } catch (SpikeException e) {
            if (e.code() == ErrorCode.BAD_REQUEST || e.code() == ErrorCode.CONFLICT) {
                throw PilotException.failed(passphraseRefusal(e.code()), e);
            }
            throw e;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        restored(context.terminal().out());
        return 0;
    }

    /** Why Nexus refused the passphrase: the wire says only the code, the status says the rest. */
    private String passphraseRefusal(ErrorCode code) {
        try {
            NexusStatus status = context.nexus().get().status();
            SharingInfo sharing = status.sharing();
            if ("READY".equals(status.state())) {
                return conflict();
            }
            if (sharing == null || "none".equals(sharing.escrow())) {
                return "there is no passphrase escrow (`spike recover --passphrase` was never run, or it was removed):"
                        + " restore from recovery files";
            }
            if ("stale".equals(sharing.escrow())) {
                return "the passphrase escrow holds the root key replaced by the rekey of " + sharing.rekeyedAt()
                        + ": it restores nothing; restore from recovery files taken after the rekey";
            }
            String next = sharing.escrowRetryAt() == null ? "" : "; the next attempt is accepted from "
                    + sharing.escrowRetryAt();
            if (code == ErrorCode.BAD_REQUEST) {
                return "Nexus refused the passphrase: wrong passphrase (" + sharing.escrowFailures()
                        + " wrong since the last right one)" + next + ". Nothing was changed";
            }
            return "Nexus did not check the passphrase: too soon after a wrong one, or another attempt is running" + next;
        } catch (RuntimeException e) {
            return code == ErrorCode.BAD_REQUEST ? "Nexus refused the passphrase" : conflict();
        }
    }

    private Share readShard() {
        char[] line = context.terminal().readSecretLine(PROMPT);
        if (line == null || line.length == 0) {
            throw PilotException.usage("no shard given: paste the content of one recovery file (spike:<id>:<hex>),"
                    + " or run `spike restore < spike.recovery.<id>.txt`");
        }
        try {
            return ShardCodec.decode(new String(line));
        } catch (InvalidShareException e) {
            // Security: the codec's message describes the shape, never the text.
            throw PilotException.usage("that is not a recovery shard (" + e.getMessage()
                    + "): give the content of one spike.recovery.<id>.txt file");
        } finally {
            Arrays.fill(line, '\0');
        }
    }

    /**
     * Why Nexus refused the shard: the wire says only {@code api_bad_request}, so ask the status,
     * which names each refused shard with its reason (never its value).
     */
    private String refusalReason() {
        try {
            NexusStatus status = context.nexus().get().status();
            for (BadShard bad : status.badShards()) {
                if (bad.id() == shardId) {
                    return "Nexus refused shard " + shardId + ": " + bad.reason() + "; try another recovery file";
                }
            }
        } catch (RuntimeException e) {
            // Fall back to the general message.
        }
        return badRequest();
    }

    @Override
    public String unauthorized() {
        RoleSwitch roles = context.config().roleSwitch();
        return "restore needs the Pilot restore role: run " + roles.command("restore") + ", then `spike restore` once"
                + " per shard, then " + roles.command("superuser") + " to switch back";
    }

    @Override
    public String badRequest() {
        return "Nexus refused shard " + shardId + ": it does not belong to this SPIKE's root key (a wrong, corrupted or"
                + " out-of-range shard); try another recovery file";
    }

    @Override
    public String conflict() {
        return "Nexus already has its root key (READY): there is nothing to restore; see `spike status`";
    }
}
