package ist.spike.core.shamir;

import ist.spike.core.crypto.SecretBytes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The sharing polynomial of a root key: constant term = the key, degree T−1, mod the P-256 order. */
final class Polynomial {
    private final List<BigInteger> coefficients;
    private final int streamBytesConsumed;

    private Polynomial(List<BigInteger> coefficients, int streamBytesConsumed) {
        this.coefficients = coefficients;
        this.streamBytesConsumed = streamBytesConsumed;
    }

    /** The polynomial for {@code key} with {@code threshold} coefficients. */
    static Polynomial of(SecretBytes key, int threshold) {
        byte[] raw = key.revealCopy();
        try {
            checkRootKey(raw);
            List<BigInteger> coefficients = new ArrayList<>(threshold);
            coefficients.add(P256.toScalar(raw));
            try (CoefficientStream stream = new CoefficientStream(raw)) {
                for (int i = 1; i < threshold; i++) {
                    coefficients.add(stream.next());
                }
                return new Polynomial(List.copyOf(coefficients), stream.bytesConsumed());
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Keys that are zero or not below the group order are refused, never reduced. */
    static void checkRootKey(byte[] raw) {
        if (raw.length != P256.SCALAR_BYTES) {
            throw new IllegalArgumentException("the root key must be 32 bytes, got " + raw.length);
        }
        BigInteger k = P256.toScalar(raw);
        if (k.signum() == 0) {
            throw new IllegalArgumentException("the root key is all zero");
        }
        if (k.compareTo(P256.ORDER) >= 0) {
            throw new IllegalArgumentException("the root key is not a P-256 scalar (at or above the group order)");
        }
    }

    /** f(x) mod n, by Horner's rule. */
    BigInteger evaluate(int x) {
        BigInteger bx = BigInteger.valueOf(x);
        BigInteger acc = BigInteger.ZERO;
        for (int i = coefficients.size() - 1; i >= 0; i--) {
            acc = acc.multiply(bx).add(coefficients.get(i)).mod(P256.ORDER);
        }
        return acc;
    }

    List<BigInteger> coefficients() {
        return coefficients;
    }

    int streamBytesConsumed() {
        return streamBytesConsumed;
    }
}
