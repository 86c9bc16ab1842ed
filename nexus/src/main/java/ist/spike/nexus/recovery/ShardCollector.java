package ist.spike.nexus.recovery;

import ist.spike.core.api.StatusMessages.BadShard;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import ist.spike.core.shamir.Shamir;
import ist.spike.core.shamir.Share;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shards gathered towards rebuilding the root key, from Keepers and from {@code spike restore}
 * alike. Each is checked against the Feldman commitments of every sharing generation on arrival, so a
 * wrong or corrupted shard is named and refused and can never take part in a rebuild. Shards are kept
 * per generation and one combine uses one generation's shards only (during a re-share Keepers may
 * hold shards of two). Owns its lock; never does I/O.
 */
final class ShardCollector {
    enum Outcome { ACCEPTED, DUPLICATE }

    /**
     * Refusals kept for the status. Security: a restore-role caller chooses the IDs it sends, so the
     * list is capped (the oldest refusal goes first) rather than growing with every made-up ID.
     */
    static final int MAX_REFUSALS = 16;

    private final RootKeyRecord record;
    /** Valid shards by generation number, then by share ID. */
    private final Map<Integer, Map<Integer, Share>> valid = new TreeMap<>();
    private final Map<Integer, String> bad = new LinkedHashMap<>();

    ShardCollector(RootKeyRecord record) {
        this.record = record;
    }

    /** Progress towards the generation closest to a rebuild. */
    record Progress(int generation, int collected, int remaining) {
    }

    /**
     * Adds a shard after checking it.
     *
     * @param source who sent it, for the refusal message and status ({@code keeper 2}, {@code restore})
     * @throws InvalidShareException naming why: out of range, or not matching this SPIKE's commitments
     */
    synchronized Outcome add(Share share, String source) {
        List<SharingGeneration> of = record.generationsOf(share);
        if (of.isEmpty()) {
            InvalidShareException why;
            try {
                record.check(share);
                why = new InvalidShareException("share " + share.id() + " matches no sharing generation");
            } catch (InvalidShareException e) {
                why = e;
            }
            bad.remove(share.id());
            bad.put(share.id(), source + ": " + why.getMessage());
            if (bad.size() > MAX_REFUSALS) {
                bad.remove(bad.keySet().iterator().next());
            }
            share.value().destroy();
            throw why;
        }
        bad.remove(share.id());
        boolean added = false;
        for (SharingGeneration g : of) {
            Map<Integer, Share> shares = valid.computeIfAbsent(g.number(), n -> new TreeMap<>());
            if (!shares.containsKey(share.id())) {
                shares.put(share.id(), new Share(share.id(), SecretBytes.takeOwnership(share.value().revealCopy())));
                added = true;
            }
        }
        share.value().destroy();
        return added ? Outcome.ACCEPTED : Outcome.DUPLICATE;
    }

    /**
     * The generation closest to a rebuild (fewest shards missing; the current one on a tie), or the
     * current one while no shard has arrived.
     */
    synchronized Progress progress() {
        if (valid.values().stream().allMatch(Map::isEmpty)) {
            SharingGeneration current = record.current();
            return new Progress(current.number(), 0, current.sharing().threshold());
        }
        Progress best = null;
        for (SharingGeneration g : record.generations()) {
            int have = valid.getOrDefault(g.number(), Map.of()).size();
            Progress p = new Progress(g.number(), have, Math.max(0, g.sharing().threshold() - have));
            if (best == null || p.remaining() < best.remaining()
                    || p.remaining() == best.remaining() && g.status() == SharingGeneration.Status.CURRENT) {
                best = p;
            }
        }
        return best;
    }

    synchronized int collected() {
        return progress().collected();
    }

    synchronized int remaining() {
        return progress().remaining();
    }

    /**
     * False when no generation can reach its threshold even if every unreachable Keeper came back with
     * a shard of it: automatic recovery cannot succeed, a person must restore.
     */
    synchronized boolean couldComplete(int unreachable) {
        return record.generations().stream()
                .anyMatch(g -> valid.getOrDefault(g.number(), Map.of()).size() + unreachable >= g.sharing().threshold());
    }

    /** A key rebuilt from one generation's shards. */
    record Rebuilt(SecretBytes key, SharingGeneration generation) {
    }

    /**
     * The rebuilt key once some generation has T shards (the current one first), checked against that
     * generation's key check: the current key, or the new key of a rekey cut short.
     */
    synchronized Optional<Rebuilt> combine() {
        List<SharingGeneration> order = new ArrayList<>(record.generations());
        order.sort(Comparator.comparingInt(g -> g.status() == SharingGeneration.Status.CURRENT ? 0 : 1));
        for (SharingGeneration g : order) {
            Map<Integer, Share> shares = valid.getOrDefault(g.number(), Map.of());
            int t = g.sharing().threshold();
            if (shares.size() < t) {
                continue;
            }
            SecretBytes key = Shamir.combine(t, new ArrayList<>(shares.values()));
            if (!g.recognises(key)) {
                // Verified shards of one polynomial always rebuild its key; this means a broken record.
                key.destroy();
                throw new IllegalStateException("verified shards of generation " + g.number()
                        + " rebuilt a key the database does not recognise");
            }
            return Optional.of(new Rebuilt(key, g));
        }
        return Optional.empty();
    }

    /** The refusals, by shard ID. */
    synchronized List<BadShard> badShards() {
        List<BadShard> out = new ArrayList<>();
        new TreeMap<>(bad).forEach((id, reason) -> out.add(new BadShard(id, reason)));
        return out;
    }

    /** Forgets every shard (zeroed) and every refusal: once the key is rebuilt, neither means anything. */
    synchronized void clear() {
        valid.values().forEach(m -> m.values().forEach(s -> s.value().destroy()));
        valid.clear();
        bad.clear();
    }
}
