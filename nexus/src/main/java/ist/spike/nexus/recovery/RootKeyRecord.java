package ist.spike.nexus.recovery;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.shamir.FeldmanCommitments;
import ist.spike.core.shamir.ShamirParameters;

/**
 * What the database keeps about the root key: a key check and the Feldman commitments of its
 * sharing (public values that let one shard be verified alone), and how it was shared.
 */
public record RootKeyRecord(byte[] keyCheck, FeldmanCommitments commitments, ShamirParameters sharing) {
    public RootKeyRecord {
        keyCheck = keyCheck.clone();
    }

    public static RootKeyRecord of(SecretBytes key, ShamirParameters sharing) {
        return new RootKeyRecord(KeyCheck.of(key), FeldmanCommitments.of(key, sharing.threshold()), sharing);
    }

    /** True when {@code key} is the key this record describes. */
    public boolean recognises(SecretBytes key) {
        return KeyCheck.matches(key, keyCheck) && commitments.commitsTo(key);
    }

    @Override
    public byte[] keyCheck() {
        return keyCheck.clone();
    }
}
