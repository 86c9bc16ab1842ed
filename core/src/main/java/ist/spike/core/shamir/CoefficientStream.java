package ist.spike.core.shamir;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The deterministic source of the sharing polynomial's coefficients, byte-compatible with upstream
 * SPIKE: blocks {@code b1 = SHA-256(key)}, {@code b(i+1) = SHA-256(b(i))}, each block read as a
 * 32-byte big-endian candidate that is taken when below the group order and skipped otherwise.
 * Not thread-safe; one stream per split.
 */
final class CoefficientStream implements AutoCloseable {
    private final MessageDigest sha256;
    private byte[] block;
    private int bytesConsumed;

    CoefficientStream(byte[] key) {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
        this.block = key.clone();
    }

    BigInteger next() {
        while (true) {
            byte[] nextBlock = sha256.digest(block);
            Arrays.fill(block, (byte) 0);
            block = nextBlock;
            bytesConsumed += nextBlock.length;
            if (P256.isBelowOrder(block)) {
                return P256.toScalar(block);
            }
        }
    }

    int bytesConsumed() {
        return bytesConsumed;
    }

    @Override
    public void close() {
        Arrays.fill(block, (byte) 0);
    }
}
