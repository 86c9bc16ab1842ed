package ist.spike.core.shamir;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Feldman commitments {@code C_j = a_j·G} to the coefficients of a sharing polynomial. They are
 * public: they let anyone check a single share, {@code y·G == Σ C_j·id^j}, without the other
 * shares and without learning the key. A tampered share, or a share of another key, fails.
 *
 * <p>Immutable and thread-safe.
 */
public final class FeldmanCommitments {
    private final List<ECPoint> points;

    private FeldmanCommitments(List<ECPoint> points) {
        this.points = List.copyOf(points);
    }

    /** The commitments for {@code key} shared with {@code threshold}, matching {@link Shamir#split}. */
    public static FeldmanCommitments of(SecretBytes key, int threshold) {
        Polynomial polynomial = Polynomial.of(key, threshold);
        List<ECPoint> points = new ArrayList<>(threshold);
        for (BigInteger a : polynomial.coefficients()) {
            points.add(P256.generatorTimes(a));
        }
        return new FeldmanCommitments(points);
    }

    /** The threshold these commitments were made for (the number of coefficients). */
    public int threshold() {
        return points.size();
    }

    /** True when {@code share} lies on the committed polynomial. */
    public boolean verifies(Share share) {
        BigInteger x = BigInteger.valueOf(share.id());
        BigInteger power = BigInteger.ONE;
        ECPoint expected = points.get(0).getCurve().getInfinity();
        for (ECPoint c : points) {
            expected = expected.add(c.multiply(power));
            power = power.multiply(x).mod(P256.ORDER);
        }
        ECPoint actual = P256.generatorTimes(Shamir.valueOf(share));
        return expected.normalize().equals(actual);
    }

    /** Throws when {@code share} does not lie on the committed polynomial. */
    public void check(Share share) {
        if (!verifies(share)) {
            throw new InvalidShareException("share " + share.id()
                    + " does not match this SPIKE's commitments: it is corrupted or belongs to another SPIKE");
        }
    }

    /** True when {@code key} is the constant term these commitments were made for. */
    public boolean commitsTo(SecretBytes key) {
        byte[] raw = key.revealCopy();
        try {
            return P256.generatorTimes(P256.toScalar(raw)).equals(points.get(0));
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    /** Wire form: the compressed points, base64, in coefficient order. */
    public List<String> points() {
        return points.stream().map(p -> Base64.getEncoder().encodeToString(p.getEncoded(true))).toList();
    }

    /** Storage form: {@link #points()} joined by {@code .}. */
    public String encode() {
        return String.join(".", points());
    }

    /** Parses {@link #encode()}'s form, rejecting points that are not on P-256. */
    public static FeldmanCommitments decode(String encoded) {
        return ofPoints(List.of(encoded.split("\\.")));
    }

    /** Parses {@link #points()}'s form, rejecting points that are not on P-256. */
    public static FeldmanCommitments ofPoints(List<String> encoded) {
        List<ECPoint> points = new ArrayList<>();
        try {
            for (String part : encoded) {
                points.add(P256.decodePoint(Base64.getDecoder().decode(part)));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stored Feldman commitments are not valid P-256 points", e);
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException("stored Feldman commitments are empty");
        }
        return new FeldmanCommitments(points);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeldmanCommitments other && points.equals(other.points);
    }

    @Override
    public int hashCode() {
        return points.hashCode();
    }
}
