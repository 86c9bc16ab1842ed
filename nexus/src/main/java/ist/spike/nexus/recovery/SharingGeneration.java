package ist.spike.nexus.recovery;

import ist.spike.core.error.InvalidShareException;
import ist.spike.core.shamir.FeldmanCommitments;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;

/**
 * One sharing of a root key (DESIGN §3a): N, T, the Feldman commitments of its polynomial and the
 * key check of the key it shares. The shares of a key depend only on the key and T, so generations
 * of one key with the same T have the same commitments and the same shares.
 *
 * @param number 1 at first start, one more per re-share or rekey
 * @param keyCheck {@link KeyCheck} of the key this generation shares
 * @param revokedAt when a rekey replaced that key; null while it is this SPIKE's key
 */
public record SharingGeneration(int number, ShamirParameters sharing, FeldmanCommitments commitments, byte[] keyCheck,
                                Status status, java.time.Instant revokedAt) {
    public SharingGeneration {
        keyCheck = keyCheck.clone();
    }

    /** A generation of a key in use (not revoked). */
    public SharingGeneration(int number, ShamirParameters sharing, FeldmanCommitments commitments, byte[] keyCheck,
                             Status status) {
        this(number, sharing, commitments, keyCheck, status, null);
    }

    /** Where a generation stands. */
    public enum Status {
        /** Being pushed to the Keepers; becomes current once at least its T hold it. */
        PENDING,
        /** The sharing in force: Keepers are kept hydrated with it, {@code spike recover} hands it out. */
        CURRENT,
        /** An earlier sharing of the same key: its recovery files still restore. */
        RETIRED,
        /** A sharing of a key replaced by {@code spike operator rekey}: its files no longer restore. */
        REVOKED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status of(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** True when {@code share} is one of this generation's: its ID in 1..N and on its polynomial. */
    public boolean holds(Share share) {
        try {
            sharing.checkShareId(share.id());
            commitments.check(share);
            return true;
        } catch (InvalidShareException e) {
            return false;
        }
    }

    /** True when {@code key} is the key this generation shares (its key check and its commitments). */
    public boolean recognises(ist.spike.core.crypto.SecretBytes key) {
        return KeyCheck.matches(key, keyCheck) && commitments.commitsTo(key);
    }

    /** True when this generation shares the key whose check is {@code check}. */
    public boolean sharesKey(byte[] check) {
        return java.security.MessageDigest.isEqual(keyCheck, check);
    }

    @Override
    public byte[] keyCheck() {
        return keyCheck.clone();
    }
}
