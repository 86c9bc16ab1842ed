package ist.spike.pilot.recovery;

import ist.spike.core.api.OperatorMessages.CommitmentsResponse;
import ist.spike.core.api.OperatorMessages.Generation;
import ist.spike.core.error.InvalidShareException;
import ist.spike.core.shamir.FeldmanCommitments;
import ist.spike.core.shamir.ShardCodec;
import ist.spike.core.shamir.Share;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.PilotException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code spike recover verify FILE…}: checks recovery files against the commitments Nexus publishes
 * (public values), offline: no shard is ever sent. One verdict per file; exit 0 only when the files
 * together hold enough shards of one sharing generation to rebuild this SPIKE's key.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check recovery files without using them: per file, whether it is a shard of the current"
                + " sharing, of an earlier sharing of the same key (it still restores), of a key replaced by a rekey"
                + " (it no longer restores), or not of this SPIKE's key.",
            "No shard leaves this machine: Nexus only publishes the commitments they are checked against. Needs no"
                    + " special role (any Pilot that may run `spike status`). Exit code 0 only when the files hold"
                    + " enough shards of one sharing to restore the key."})
public final class VerifyCommand implements Callable<Integer> {
    private final PilotContext context;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recovery files (spike.recovery.<id>.txt).")
    List<Path> files;

    public VerifyCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        CommitmentsResponse published = context.nexus().get().commitments();
        Map<Integer, FeldmanCommitments> commitments = new HashMap<>();
        Generation current = null;
        for (Generation g : published.generations()) {
            commitments.put(g.generation(), FeldmanCommitments.ofPoints(g.commitments()));
            if ("current".equals(g.status())) {
                current = g;
            }
        }
        PrintWriter out = context.terminal().out();
        Map<Integer, Set<Integer>> idsByGeneration = new HashMap<>();
        for (Path file : files) {
            out.println(file + ": " + verdict(file, published, commitments, current, idsByGeneration));
        }
        for (Generation g : published.generations()) {
            int have = idsByGeneration.getOrDefault(g.generation(), Set.of()).size();
            if (have >= g.threshold()) {
                out.println("These files restore this SPIKE's root key: " + have + " shards of sharing generation "
                        + g.generation() + ", " + g.threshold() + " needed.");
                return 0;
            }
        }
        throw PilotException.failed("these files cannot restore this SPIKE's root key: no sharing generation has"
                + " enough of its shards among them (the current one, " + (current == null ? "?" : current.generation())
                + ", needs " + (current == null ? "?" : current.threshold()) + ")", null);
    }

    /** One file's verdict; records which generations its shard belongs to. Never prints the shard. */
    private static String verdict(Path file, CommitmentsResponse published, Map<Integer, FeldmanCommitments> commitments,
                                  Generation current, Map<Integer, Set<Integer>> idsByGeneration) {
        Share share;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            share = ShardCodec.decode(text);
        } catch (IOException e) {
            return "cannot be read (" + e.getClass().getSimpleName() + ")";
        } catch (InvalidShareException | IllegalArgumentException e) {
            // Security: the codec's message describes the shape, never the text.
            return "not a recovery file (" + e.getMessage() + ")";
        }
        try {
            Generation newest = null;
            for (Generation g : published.generations()) {
                boolean inRange = share.id() >= 1 && share.id() <= g.shares();
                if (inRange && commitments.get(g.generation()).verifies(share)) {
                    if (!"revoked".equals(g.status())) {
                        idsByGeneration.computeIfAbsent(g.generation(), n -> new HashSet<>()).add(share.id());
                    }
                    if (newest == null || g == current) {
                        newest = g;
                    }
                }
            }
            if (newest == null) {
                return "not this SPIKE's key (shard " + share.id() + " matches none of its sharings)";
            }
            if ("revoked".equals(newest.status())) {
                return "from before the rekey of " + newest.revokedAt() + ": no longer restores (shard " + share.id()
                        + " of sharing generation " + newest.generation() + ", whose root key was replaced)";
            }
            String which = "shard " + share.id() + " of sharing generation " + newest.generation() + " (any "
                    + newest.threshold() + " of " + newest.shares() + ")";
            return newest == current ? "current: " + which
                    : "older generation of the same key (still restores): " + which;
        } finally {
            share.value().destroy();
        }
    }
}
