package ist.spike.nexus.recovery;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.SpikeException;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;
import ist.spike.nexus.state.RootKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-shares the root key when Nexus is configured with another N or T than its current sharing
 * generation (DESIGN §3a): the same key, a new generation, in two phases. Phase one records the
 * pending generation; then Keepers get its shards, those holding nothing first, and a Keeper holding
 * a shard of the current generation is overwritten only while, afterwards, the current generation
 * still has T holders or the new one has reached its own T. Phase two makes the new generation
 * current once T Keepers hold it. So at every moment (a Nexus crash included) the Keepers hold enough
 * shards of one generation to rebuild the key without anyone; a change for which no such order
 * exists is refused ({@link #safe}). Runs on the lifecycle's thread only; holds no lock across I/O.
 */
final class Resharing {
    private static final Logger LOG = LoggerFactory.getLogger(Resharing.class);

    private final RootKeyRecordStore records;
    private final RootKey rootKey;
    private final List<KeeperClient> keepers;
    /** Where Keepers are asked what they hold, all at once (a Keeper that does not answer costs one timeout). */
    private final ExecutorService io;
    private volatile String problem;

    Resharing(RootKeyRecordStore records, RootKey rootKey, List<KeeperClient> keepers, ExecutorService io) {
        this.records = records;
        this.rootKey = rootKey;
        this.keepers = List.copyOf(keepers);
        this.io = io;
    }

    /**
     * True when the Keepers can move from {@code from} to {@code to} one at a time without ever holding
     * fewer than T shards of both generations: same T (the shares are the same), or at least
     * T_old + T_new - 1 Keepers.
     */
    static boolean safe(ShamirParameters from, ShamirParameters to) {
        return from.threshold() == to.threshold() || to.shares() >= from.threshold() + to.threshold() - 1;
    }

    /** Why the wanted sharing is not being applied, or null. */
    String problem() {
        return problem;
    }

    /**
     * One step towards sharing the key as {@code target}; returns the record afterwards (with the
     * pending generation, or the new one current). The key must be in memory ({@code READY}).
     */
    RootKeyRecord step(RootKeyRecord record, ShamirParameters target) {
        SharingGeneration current = record.current();
        Optional<SharingGeneration> unfinished = record.pending();
        if (unfinished.isPresent()) {
            // A re-share cut short (a crash, a restart with other settings): if its generation is already
            // held by T Keepers, it is the one that keeps the key recoverable, so it becomes current first.
            Held held = held(current.sharing(), unfinished.get().sharing());
            if (held.fresh() >= unfinished.get().sharing().threshold()) {
                records.completeReshare(unfinished.get().number());
                LOG.info("re-shared the root key: generation {} ({}) is current", unfinished.get().number(),
                        describe(unfinished.get().sharing()));
                return records.load().orElseThrow();
            }
            if (!unfinished.get().sharing().equals(target) && held.old() < current.sharing().threshold()) {
                // Neither generation has T reachable holders: start nothing until Keepers answer.
                problem = "waiting for Keepers: neither the current sharing (" + describe(current.sharing())
                        + ") nor the unfinished re-share (" + describe(unfinished.get().sharing())
                        + ") has enough reachable holders to change the sharing again safely";
                return record;
            }
        }
        if (!safe(current.sharing(), target)) {
            String why = "not re-sharing the root key from " + describe(current.sharing()) + " to " + describe(target)
                    + ": while Keepers switch shards, a Nexus crash could find too few of either sharing to recover by"
                    + " itself. Give it at least " + (current.sharing().threshold() + target.threshold() - 1)
                    + " Keepers, or change the threshold in smaller steps";
            if (!why.equals(problem)) {
                LOG.warn(why);
            }
            problem = why;
            return record;
        }
        problem = null;
        Optional<SharingGeneration> pending = record.pending().filter(p -> p.sharing().equals(target));
        if (pending.isEmpty()) {
            SharingGeneration next = new SharingGeneration(record.latest() + 1, target,
                    rootKey.commitments(target.threshold()), SharingGeneration.Status.PENDING);
            records.beginReshare(next);
            LOG.info("re-sharing the root key: generation {} ({}) -> generation {} ({})", current.number(),
                    describe(current.sharing()), next.number(), describe(target));
            record = records.load().orElseThrow();
            pending = record.pending();
        }
        if (pushAndCount(current.sharing(), target) >= target.threshold()) {
            records.completeReshare(pending.get().number());
            LOG.info("re-shared the root key: generation {} ({}) is current", pending.get().number(), describe(target));
            return records.load().orElseThrow();
        }
        return record;
    }

    /** What one Keeper holds, compared with its shard of each generation. */
    private enum Holding { NEW, OLD, NONE, UNREACHABLE }

    /** How many reachable Keepers hold their shard of the current ({@code old}) and of another ({@code fresh}) sharing. */
    private record Held(long old, long fresh) {
    }

    private Held held(ShamirParameters from, ShamirParameters to) {
        List<Share> next = rootKey.shares(to);
        List<Share> now = rootKey.shares(from);
        try {
            List<Holding> holding = holdings(Math.min(keepers.size(), Math.max(from.shares(), to.shares())), next, now);
            return new Held(holding.stream().filter(h -> h == Holding.OLD).count(),
                    holding.stream().filter(h -> h == Holding.NEW).count());
        } finally {
            next.forEach(s -> s.value().destroy());
            now.forEach(s -> s.value().destroy());
        }
    }

    /** Asks the first {@code count} Keepers at once what they hold. */
    private List<Holding> holdings(int count, List<Share> next, List<Share> now) {
        List<CompletableFuture<Holding>> asked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            KeeperClient keeper = keepers.get(i);
            Share mine = i < next.size() ? next.get(i) : null;
            Share before = i < now.size() ? now.get(i) : null;
            asked.add(CompletableFuture.supplyAsync(() -> holding(keeper, mine, before), io));
        }
        return new ArrayList<>(asked.stream().map(CompletableFuture::join).toList());
    }

    /** Gives Keepers their new shards in the safe order; returns how many hold one of the new generation. */
    private int pushAndCount(ShamirParameters from, ShamirParameters to) {
        List<Share> next = rootKey.shares(to);
        List<Share> now = rootKey.shares(from);
        try {
            int count = Math.min(keepers.size(), to.shares());
            List<Holding> holding = holdings(count, next, now);
            // Keepers without a shard of either generation first: nothing is lost by giving them one.
            for (int i = 0; i < count; i++) {
                if (holding.get(i) == Holding.NONE) {
                    holding.set(i, give(i, next.get(i)) ? Holding.NEW : Holding.UNREACHABLE);
                }
            }
            // Then holders of the current generation, one at a time, while that stays recoverable.
            for (int i = 0; i < count; i++) {
                long old = holding.stream().filter(h -> h == Holding.OLD).count();
                long fresh = holding.stream().filter(h -> h == Holding.NEW).count();
                if (holding.get(i) == Holding.OLD && (old - 1 >= from.threshold() || fresh + 1 >= to.threshold())) {
                    // A failed give may still have reached the Keeper: it then counts for neither sharing.
                    holding.set(i, give(i, next.get(i)) ? Holding.NEW : Holding.UNREACHABLE);
                }
            }
            return (int) holding.stream().filter(h -> h == Holding.NEW).count();
        } finally {
            next.forEach(s -> s.value().destroy());
            now.forEach(s -> s.value().destroy());
        }
    }

    private static Holding holding(KeeperClient keeper, Share next, Share now) {
        try {
            Optional<SecretBytes> held = keeper.fetch();
            if (held.isEmpty()) {
                return Holding.NONE;
            }
            try {
                if (next != null && held.get().equals(next.value())) {
                    return Holding.NEW;
                }
                return now != null && held.get().equals(now.value()) ? Holding.OLD : Holding.NONE;
            } finally {
                held.get().destroy();
            }
        } catch (SpikeException e) {
            return Holding.UNREACHABLE;
        }
    }

    private boolean give(int i, Share share) {
        try {
            keepers.get(i).contribute(share.value());
            LOG.info("gave Keeper {} its shard of the new sharing generation", share.id());
            return true;
        } catch (SpikeException e) {
            LOG.warn("Keeper {} did not take its new shard: {}", share.id(), e.getMessage());
            return false;
        }
    }

    private static String describe(ShamirParameters p) {
        return p.threshold() + " of " + p.shares();
    }
}
