package ist.spike.pilot.recovery;

import ist.spike.core.api.OperatorMessages.EscrowRequest;
import ist.spike.core.api.OperatorMessages.RecoverResponse;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import ist.spike.core.shamir.ShardCodec;
import ist.spike.core.shamir.Share;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import ist.spike.pilot.failure.PilotException;
import ist.spike.pilot.failure.RoleSwitch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spike recover} (Pilot recover role): fetches every shard of the root key and writes them to
 * the recovery directory, for {@code spike restore} on the day the Keepers lose them.
 */
@Command(name = "recover", mixinStandardHelpOptions = true, subcommands = VerifyCommand.class,
        description = {"Save every shard of the root key into recovery files.",
            "Writes ~/.spike/recover/spike.recovery.<id>.txt (or into $SPIKE_PILOT_RECOVERY_DIR) and removes older"
                    + " recovery files. Needs the Pilot recover role: run"
                    + " hack/spire-server-entry-recover-register.sh first (in the operator's Pilot pod: set"
                    + " spec.pilot.role to recover).",
            "With --stdout, writes no file: prints the shards as spike:<id>:<hex> lines, for"
                    + " `kubectl exec ... -- spike recover --stdout` to carry them off a pod.",
            "With --passphrase, writes no file either: Nexus keeps the root key in its database sealed under a"
                    + " passphrase (Argon2id), asked twice at a hidden prompt or read from the first line of stdin, at"
                    + " least 12 characters; `spike restore --passphrase` brings the key back from it. Anyone with a"
                    + " copy of the database can then try to guess the passphrase offline. --passphrase --remove"
                    + " deletes the escrow."})
public final class RecoverCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Option(names = "--stdout", description = "Print the shards (one spike:<id>:<hex> line each) instead of writing files.")
    boolean stdout;

    @Option(names = "--passphrase", description = "Escrow the root key under a passphrase instead of writing shards.")
    boolean passphrase;

    @Option(names = "--remove", description = "With --passphrase: delete the escrow.")
    boolean remove;

    public RecoverCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        if (remove && !passphrase) {
            throw PilotException.usage("--remove goes with --passphrase: spike recover --passphrase --remove");
        }
        if (passphrase) {
            return escrow();
        }
        RecoverResponse response = context.nexus().get().recover();
        Map<String, SecretBytes> shards = response.shards() == null ? Map.of() : response.shards();
        try {
            List<Share> shares = shares(shards);
            if (stdout) {
                print(shares);
            } else {
                report(new RecoveryFiles(context.config().recoveryDir()).save(shares));
            }
            return 0;
        } finally {
            shards.values().forEach(SecretBytes::destroy);
        }
    }

    private int escrow() {
        PrintWriter out = context.terminal().out();
        String back = "Then switch Pilot back with " + context.config().roleSwitch().command("superuser") + ".";
        if (remove) {
            context.nexus().get().removeEscrow();
            out.println("The passphrase escrow is deleted: only the recovery files can restore the root key now.");
            out.println(back);
            return 0;
        }
        byte[] secret = PassphraseInput.read(context.terminal(), true);
        try {
            context.nexus().get().escrow(new EscrowRequest(secret));
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
        out.println("Nexus keeps the root key sealed under this passphrase (Argon2id). If Nexus and every Keeper are lost"
                + " but the database survives, `spike restore --passphrase` (restore role) brings it back.");
        out.println("Anyone with a copy of the database can now guess at the passphrase offline: keep it long, secret and"
                + " stored apart from the database. A rekey makes this escrow stale.");
        out.println(back);
        return 0;
    }

    private static List<Share> shares(Map<String, SecretBytes> shards) {
        if (shards.isEmpty()) {
            throw PilotException.failed("Nexus sent no shards: see `spike status` and the Nexus log", null);
        }
        List<Share> shares = new ArrayList<>();
        for (Map.Entry<String, SecretBytes> shard : shards.entrySet()) {
            int id;
            try {
                id = Integer.parseInt(shard.getKey());
            } catch (NumberFormatException e) {
                throw PilotException.failed("Nexus sent a shard with ID '" + shard.getKey() + "', which is not a number;"
                        + " no recovery files were written", e);
            }
            try {
                shares.add(new Share(id, shard.getValue()));
            } catch (InvalidShareException e) {
                throw PilotException.failed("Nexus sent an unusable shard (" + e.getMessage()
                        + "); no recovery files were written", e);
            }
        }
        return shares;
    }

    /**
     * The shards on stdout, one recovery-file text per line, in ID order; the reminder on stderr, so
     * a redirect captures the shards alone. Security: the caller asked for the shards on stdout.
     */
    private void print(List<Share> shares) {
        PrintWriter out = context.terminal().out();
        shares.stream().sorted(Comparator.comparingInt(Share::id)).forEach(share -> out.println(ShardCodec.encode(share)));
        out.flush();
        context.terminal().err().println("Printed " + shares.size() + " recovery shards. Keep each line as its own"
                + " recovery file in encrypted storage (ideally each with a different custodian): together they rebuild"
                + " the root key. `spike restore` takes one line per call on stdin. Then switch Pilot back with "
                + context.config().roleSwitch().command("superuser") + ".");
    }

    private void report(List<Path> files) {
        PrintWriter out = context.terminal().out();
        out.println("Wrote " + files.size() + " recovery shards to " + context.config().recoveryDir() + ":");
        files.forEach(f -> out.println("  " + f.getFileName()));
        out.println("Move them to encrypted storage now (a password manager or an encrypted drive, ideally each with a"
                + " different custodian) and delete them from this machine: together they rebuild the root key.");
        out.println("Then switch Pilot back with " + context.config().roleSwitch().command("superuser") + ".");
    }

    @Override
    public String conflict() {
        return "Nexus cannot do that now: a rekey is in progress (see `spike status`), or this Nexus keeps no root key"
                + " (the memory backend)";
    }

    @Override
    public String unauthorized() {
        RoleSwitch roles = context.config().roleSwitch();
        return "recover needs the Pilot recover role: run " + roles.command("recover") + ", then `spike recover`, then "
                + roles.command("superuser") + " to switch back";
    }
}
