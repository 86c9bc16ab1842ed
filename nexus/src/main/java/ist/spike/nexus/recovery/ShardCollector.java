package ist.spike.nexus.recovery;

import ist.spike.core.api.StatusMessages.BadShard;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import ist.spike.core.shamir.Shamir;
import ist.spike.core.shamir.Share;
import java.util.ArrayList;
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

    private final RootKeyRecord record;
    private final Map<Integer, Share> valid = new TreeMap<>();
    private final Map<Integer, String> bad = new TreeMap<>();

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
            bad.put(share.id(), source + ": " + e.getMessage());
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

    synchronized List<BadShard> badShards() {
        List<BadShard> out = new ArrayList<>();
        bad.forEach((id, reason) -> out.add(new BadShard(id, reason)));
        return out;
    }

    /** Forgets every shard (zeroed). */
    synchronized void clear() {
        valid.values().forEach(s -> s.value().destroy());
        valid.clear();
    }
}
