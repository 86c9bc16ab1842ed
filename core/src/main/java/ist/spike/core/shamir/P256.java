package ist.spike.core.shamir;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/** The NIST P-256 group: its scalar field (where shares live) and its points (for commitments). */
final class P256 {
    static final int SCALAR_BYTES = 32;
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    static final BigInteger ORDER = CURVE.getN();

    private P256() {
    }

    static ECPoint generatorTimes(BigInteger scalar) {
        return CURVE.getG().multiply(scalar).normalize();
    }

    static ECPoint decodePoint(byte[] encoded) {
        return CURVE.getCurve().decodePoint(encoded);
    }

    /** True when the 32 big-endian bytes are a scalar below the group order (zero included). */
    static boolean isBelowOrder(byte[] bigEndian) {
        return new BigInteger(1, bigEndian).compareTo(ORDER) < 0;
    }

    static BigInteger toScalar(byte[] bigEndian) {
        return new BigInteger(1, bigEndian);
    }

    /** The scalar as exactly 32 big-endian bytes. */
    static byte[] toBytes(BigInteger scalar) {
        byte[] raw = scalar.toByteArray();
        byte[] out = new byte[SCALAR_BYTES];
        int copy = Math.min(raw.length, SCALAR_BYTES);
        System.arraycopy(raw, raw.length - copy, out, SCALAR_BYTES - copy, copy);
        Arrays.fill(raw, (byte) 0);
        return out;
    }
}
