package ist.spike.nexus.recovery;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.SpikeException;
import ist.spike.core.shamir.Share;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the Keepers from the shards of one sharing generation to those of the next in the safe
 * order that re-share and rekey both use (DESIGN §3a): Keepers holding nothing of either first; then
 * holders of the old generation one at a time, and only while afterwards the old generation keeps
 * its T holders or the new one reaches its own T. So at every moment the Keepers hold T shards of one
 * generation and a Nexus crash recovers without anyone. Holds no lock; Keepers are asked at once.
 */
final class ShardSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(ShardSwitch.class);

    private final List<KeeperClient> keepers;
    private final ExecutorService io;

    ShardSwitch(List<KeeperClient> keepers, ExecutorService io) {
        this.keepers = List.copyOf(keepers);
        this.io = io;
    }

    /** What one Keeper holds, compared with its shard of each generation. */
    enum Holding { NEW, OLD, NONE, UNREACHABLE }

    /** How many reachable Keepers hold their shard of the old and of the new generation. */
    record Held(long old, long fresh) {
    }

    /** Asks the Keepers (as many as the longer list) what they hold; the callers own and destroy the shares. */
    Held held(List<Share> old, List<Share> next) {
        List<Holding> holding = holdings(Math.min(keepers.size(), Math.max(old.size(), next.size())), old, next);
        return new Held(holding.stream().filter(h -> h == Holding.OLD).count(),
                holding.stream().filter(h -> h == Holding.NEW).count());
    }

    /**
     * Gives Keepers their shards of {@code next} in the safe order; returns how many hold one of it.
     *
     * @param oldThreshold T of the generation in {@code old}
     * @param newThreshold T of the generation in {@code next}
     */
    int push(List<Share> old, int oldThreshold, List<Share> next, int newThreshold) {
        int count = Math.min(keepers.size(), next.size());
        List<Holding> holding = holdings(count, old, next);
        // Keepers without a shard of either generation first: nothing is lost by giving them one.
        for (int i = 0; i < count; i++) {
            if (holding.get(i) == Holding.NONE) {
                holding.set(i, give(i, next.get(i)) ? Holding.NEW : Holding.UNREACHABLE);
            }
        }
        // Then holders of the old generation, one at a time, while that stays recoverable.
        for (int i = 0; i < count; i++) {
            long olds = holding.stream().filter(h -> h == Holding.OLD).count();
            long fresh = holding.stream().filter(h -> h == Holding.NEW).count();
            if (holding.get(i) == Holding.OLD && (olds - 1 >= oldThreshold || fresh + 1 >= newThreshold)) {
                // A failed give may still have reached the Keeper: it then counts for neither generation.
                holding.set(i, give(i, next.get(i)) ? Holding.NEW : Holding.UNREACHABLE);
            }
        }
        return (int) holding.stream().filter(h -> h == Holding.NEW).count();
    }

    private List<Holding> holdings(int count, List<Share> old, List<Share> next) {
        List<CompletableFuture<Holding>> asked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            KeeperClient keeper = keepers.get(i);
            Share mine = i < next.size() ? next.get(i) : null;
            Share before = i < old.size() ? old.get(i) : null;
            asked.add(CompletableFuture.supplyAsync(() -> holding(keeper, before, mine), io));
        }
        return new ArrayList<>(asked.stream().map(CompletableFuture::join).toList());
    }

    private static Holding holding(KeeperClient keeper, Share old, Share next) {
        try {
            Optional<SecretBytes> held = keeper.fetch();
            if (held.isEmpty()) {
                return Holding.NONE;
            }
            try {
                if (next != null && held.get().equals(next.value())) {
                    return Holding.NEW;
                }
                return old != null && held.get().equals(old.value()) ? Holding.OLD : Holding.NONE;
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
}
