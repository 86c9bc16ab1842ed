package ist.spike.nexus.recovery;

import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.shamir.FeldmanCommitments;
import ist.spike.core.shamir.Shamir;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;
import ist.spike.nexus.state.RootKey;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code spike operator rekey} (DESIGN §3a): a new root key, in two phases. Phase one, one
 * transaction: the new key's sharing generation is recorded as pending (its commitments and key
 * check) and everything the root key seals is sealed again under the new key beside the old sealing.
 * Then the Keepers get the new key's shards in the safe order of {@link ShardSwitch}. Phase two, one
 * transaction, once T Keepers hold them: the new key check and sealing replace the old, the new
 * generation becomes current and every generation of the old key is revoked; then the new key
 * replaces the old in memory.
 *
 * <p>A crash in between leaves the database wholly before phase two. At the next start the Keepers'
 * shards decide: T of the new key's rebuild it and phase two completes ({@link #complete}); otherwise
 * the old key comes back (from the Keepers, or from recovery files, which stay valid until phase two)
 * and the pending rekey is abandoned ({@link #abandon}), its key being in no memory any more.
 *
 * <p>Security: the new key lives only here (and in the Keepers' shards) until phase two. Calls come
 * from the lifecycle thread and from a restore's request thread: all synchronized.
 */
final class Rekeying implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rekeying.class);

    private final RootKeyRecordStore records;
    private final RootKey rootKey;
    private final ShardSwitch keepers;
    private final SealedUnderRootKey sealed;
    /** The new key while a rekey begun by this process runs; null otherwise. */
    private SecretBytes next;
    private int holders;

    Rekeying(RootKeyRecordStore records, RootKey rootKey, ShardSwitch keepers, SealedUnderRootKey sealed) {
        this.records = records;
        this.rootKey = rootKey;
        this.keepers = keepers;
        this.sealed = sealed;
    }

    /**
     * Throws {@code state_conflict}, saying why, when a rekey cannot start: another one or a re-share
     * runs, or too few Keepers for a safe order. Moving from one key's shards to another's passes
     * through a moment where some Keepers hold each: with fewer than 2T - 1 Keepers, neither key would
     * then have T holders, and a Nexus crash would need people with recovery files.
     */
    static void requireStartable(RootKeyRecord record, ShamirParameters configured) {
        if (record.rekeyPending().isPresent()) {
            throw new SpikeException(ErrorCode.CONFLICT, "a rekey is already in progress (generation "
                    + record.rekeyPending().get().number() + "): see `spike status`");
        }
        ShamirParameters sharing = record.sharing();
        if (record.pending().isPresent() || !sharing.equals(configured)) {
            throw new SpikeException(ErrorCode.CONFLICT, "a re-share to " + configured.threshold() + " of "
                    + configured.shares() + " is not finished (see `spike status`): rekey once it is");
        }
        int needed = 2 * sharing.threshold() - 1;
        if (sharing.shares() < needed) {
            throw new SpikeException(ErrorCode.CONFLICT, "a rekey of a key shared " + sharing.threshold() + " of "
                    + sharing.shares() + " needs at least " + needed + " Keepers, so that a Nexus crash while they"
                    + " switch to the new key's shards still finds enough of one key to recover by itself; add Keepers"
                    + " (a re-share) first");
        }
    }

    /** Phase one and a first round of pushes; returns the record afterwards. The old key must be in memory. */
    synchronized RootKeyRecord begin(RootKeyRecord record) {
        sealed.open();
        SecretBytes key = NewRootKey.make();
        ShamirParameters sharing = record.sharing();
        SharingGeneration generation = new SharingGeneration(record.latest() + 1, sharing,
                FeldmanCommitments.of(key, sharing.threshold()), KeyCheck.of(key), SharingGeneration.Status.PENDING);
        AesGcm aead = new AesGcm(key);
        try {
            records.beginRekey(generation, s -> sealed.sealUnder(s, aead, record.keyCheck()));
        } catch (RuntimeException e) {
            key.destroy();
            throw e;
        }
        next = key;
        holders = 0;
        LOG.info("rekey: generation {} shares a new root key {} of {}; giving the Keepers its shards",
                generation.number(), sharing.threshold(), sharing.shares());
        return step(records.load().orElseThrow());
    }

    /** One step of the rekey in progress: pushes the new key's shards, and completes at T holders. */
    synchronized RootKeyRecord step(RootKeyRecord record) {
        SharingGeneration pending = record.rekeyPending().orElseThrow();
        if (next == null || !pending.recognises(next)) {
            // Not begun by this process, whose key is in memory: the new key is lost.
            return abandon(record);
        }
        List<Share> old = rootKey.shares(record.sharing());
        List<Share> fresh = Shamir.split(next, pending.sharing());
        try {
            holders = keepers.push(old, record.sharing().threshold(), fresh, pending.sharing().threshold());
        } finally {
            old.forEach(s -> s.value().destroy());
            fresh.forEach(s -> s.value().destroy());
        }
        if (holders < pending.sharing().threshold()) {
            return record;
        }
        RootKeyRecord after = complete(pending, next);
        next = null;
        return after;
    }

    /** Keepers holding the new key's shards, as last counted by this process. */
    synchronized int holders() {
        return holders;
    }

    /**
     * Phase two; {@code key} (the pending generation's key) goes into memory and belongs to the root
     * key from then on. Also ends a rekey found cut short at start once T Keepers' shards rebuilt it.
     */
    synchronized RootKeyRecord complete(SharingGeneration pending, SecretBytes key) {
        sealed.exclusively(() -> {
            records.completeRekey(pending, sealed::swap);
            rootKey.install(key);
        });
        LOG.info("rekey done: generation {} is current; recovery files taken before it no longer restore",
                pending.number());
        return records.load().orElseThrow();
    }

    /** Forgets the pending rekey (its key is in no memory any more); the current key stays. */
    synchronized RootKeyRecord abandon(RootKeyRecord record) {
        SharingGeneration pending = record.rekeyPending().orElseThrow();
        records.abandonRekey(pending, sealed::abandon);
        if (next != null) {
            next.destroy();
            next = null;
        }
        LOG.warn("rekey abandoned: too few Keepers held shards of the new key (generation {}) when Nexus stopped;"
                + " the root key is unchanged, run `spike operator rekey` again", pending.number());
        return records.load().orElseThrow();
    }

    @Override
    public synchronized void close() {
        if (next != null) {
            next.destroy();
            next = null;
        }
    }
}
