package ist.spike.core.shamir;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shamir secret sharing of a root key over the P-256 scalar field, byte-compatible with upstream
 * SPIKE (cloudflare/circl): the same key always gives the same shares.
 *
 * <p>Security: the key, the coefficients and the shares pass through {@link BigInteger}s, which
 * cannot be zeroed; they are short-lived and never logged. Byte arrays are zeroed after use.
 */
public final class Shamir {
    private Shamir() {
    }

    /**
     * Splits {@code key} into shares 1..N of which any T rebuild it.
     *
     * @throws IllegalArgumentException when the key is zero, not 32 bytes, or not below the group order
     */
    public static List<Share> split(SecretBytes key, ShamirParameters parameters) {
        Polynomial polynomial = Polynomial.of(key, parameters.threshold());
        List<Share> shares = new ArrayList<>(parameters.shares());
        for (int id = 1; id <= parameters.shares(); id++) {
            shares.add(new Share(id, SecretBytes.takeOwnership(P256.toBytes(polynomial.evaluate(id)))));
        }
        return List.copyOf(shares);
    }

    /**
     * Rebuilds the key from at least {@code threshold} shares with distinct IDs. Like upstream,
     * only the first {@code threshold} shares take part; all of them must still be distinct.
     *
     * @throws InvalidShareException for too few shares or a repeated ID
     */
    public static SecretBytes combine(int threshold, List<Share> shares) {
        if (threshold < 1) {
            throw new IllegalArgumentException("the threshold must be 1 or more, got " + threshold);
        }
        if (shares.size() < threshold) {
            throw new InvalidShareException("need " + threshold + " shares to rebuild the root key, got " + shares.size());
        }
        Set<Integer> seen = new HashSet<>();
        for (Share share : shares) {
            if (!seen.add(share.id())) {
                throw new InvalidShareException("share id " + share.id() + " appears more than once");
            }
        }
        List<Share> used = shares.subList(0, threshold);
        BigInteger key = BigInteger.ZERO;
        for (Share share : used) {
            key = key.add(valueOf(share).multiply(lagrangeAtZero(share.id(), used))).mod(P256.ORDER);
        }
        return SecretBytes.takeOwnership(P256.toBytes(key));
    }

    /** The Lagrange basis polynomial of share {@code id} over the IDs of {@code used}, at x = 0. */
    private static BigInteger lagrangeAtZero(int id, List<Share> used) {
        BigInteger numerator = BigInteger.ONE;
        BigInteger denominator = BigInteger.ONE;
        BigInteger xi = BigInteger.valueOf(id);
        for (Share other : used) {
            if (other.id() == id) {
                continue;
            }
            BigInteger xj = BigInteger.valueOf(other.id());
            numerator = numerator.multiply(xj).mod(P256.ORDER);
            denominator = denominator.multiply(xj.subtract(xi)).mod(P256.ORDER);
        }
        return numerator.multiply(denominator.modInverse(P256.ORDER)).mod(P256.ORDER);
    }

    static BigInteger valueOf(Share share) {
        byte[] raw = share.value().revealCopy();
        try {
            return P256.toScalar(raw);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }
}
