package ist.spike.nexus.recovery;

import ist.spike.core.error.InvalidShareException;
import ist.spike.core.shamir.FeldmanCommitments;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;

/**
 * One sharing of the root key (DESIGN §3a): N, T and the Feldman commitments of its polynomial. The
 * shares of a key depend only on the key and T, so generations with the same T have the same
 * commitments and the same shares.
 *
 * @param number 1 at first start, one more per re-share
 */
public record SharingGeneration(int number, ShamirParameters sharing, FeldmanCommitments commitments, Status status) {
    /** Where a generation stands. */
    public enum Status {
        /** Being pushed to the Keepers; becomes current once at least its T hold it. */
        PENDING,
        /** The sharing in force: Keepers are kept hydrated with it, {@code spike recover} hands it out. */
        CURRENT,
        /** An earlier sharing of the same key: its recovery files still restore. */
        RETIRED;

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

    public SharingGeneration withStatus(Status next) {
        return new SharingGeneration(number, sharing, commitments, next);
    }
}
