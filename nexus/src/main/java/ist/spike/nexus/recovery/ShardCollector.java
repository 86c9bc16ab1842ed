package ist.spike.nexus.recovery;

import ist.spike.core.api.StatusMessages.BadShard;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import ist.spike.core.shamir.Shamir;
import ist.spike.core.shamir.Share;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shards gathered towards rebuilding the root key, from Keepers and from {@code spike restore}
 * alike. Each is checked against the Feldman commitments on arrival, so a wrong or corrupted shard
 * is named and refused and can never take part in a rebuild. Owns its lock; never does I/O.
 */
final class ShardCollector {
    enum Outcome { ACCEPTED, DUPLICATE }

    /**
     * Refusals kept for the status. Security: a restore-role caller chooses the IDs it sends, so the
     * list is capped (the oldest refusal goes first) rather than growing with every made-up ID.
     */
    static final int MAX_REFUSALS = 16;

    private final RootKeyRecord record;
    private final Map<Integer, Share> valid = new TreeMap<>();
    private final Map<Integer, String> bad = new LinkedHashMap<>();

    ShardCollector(RootKeyRecord record) {
        this.record = record;
    }

    /**
     * Adds a shard after checking it.
     *
     * @param source who sent it, for the refusal message and status ({@code keeper 2}, {@code restore})
     * @throws InvalidShareException naming why: out of range, or not matching this SPIKE's commitments
     */
    synchronized Outcome add(Share share, String source) {
        try {
            record.sharing().checkShareId(share.id());
            record.commitments().check(share);
        } catch (InvalidShareException e) {
            bad.remove(share.id());
            bad.put(share.id(), source + ": " + e.getMessage());
            if (bad.size() > MAX_REFUSALS) {
                bad.remove(bad.keySet().iterator().next());
            }
            share.value().destroy();
            throw e;
        }
        bad.remove(share.id());
        if (valid.containsKey(share.id())) {
            share.value().destroy();
            return Outcome.DUPLICATE;
        }
        valid.put(share.id(), share);
        return Outcome.ACCEPTED;
    }

    synchronized int collected() {
        return valid.size();
    }

    synchronized int remaining() {
        return Math.max(0, record.sharing().threshold() - valid.size());
    }

    /** The rebuilt key once T shards are in; checked against the record. */
    synchronized Optional<SecretBytes> combine() {
        if (valid.size() < record.sharing().threshold()) {
            return Optional.empty();
        }
        SecretBytes key = Shamir.combine(record.sharing().threshold(), new ArrayList<>(valid.values()));
        if (!record.recognises(key)) {
            // Verified shards of one polynomial always rebuild its key; this means a broken record.
            key.destroy();
            throw new IllegalStateException("verified shards rebuilt a key the database does not recognise");
        }
        return Optional.of(key);
    }

    /** The refusals, by shard ID. */
    synchronized List<BadShard> badShards() {
        List<BadShard> out = new ArrayList<>();
        new TreeMap<>(bad).forEach((id, reason) -> out.add(new BadShard(id, reason)));
        return out;
    }

    /** Forgets every shard (zeroed) and every refusal: once the key is rebuilt, neither means anything. */
    synchronized void clear() {
        valid.values().forEach(s -> s.value().destroy());
        valid.clear();
        bad.clear();
    }
}
