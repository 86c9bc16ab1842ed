package ist.spike.core.shamir;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Shamir share of the root key: the point {@code (id, value)} of the sharing polynomial, the
 * value a 32-byte big-endian scalar below the P-256 group order.
 *
 * <p>Security: {@link #toString()} shows the ID only.
 */
public record Share(int id, SecretBytes value) {
    public Share {
        Objects.requireNonNull(value, "value");
        if (id < 1) {
            throw new InvalidShareException("share id must be 1 or more, got " + id);
        }
        if (value.length() != P256.SCALAR_BYTES) {
            throw new InvalidShareException("share " + id + " must be 32 bytes, got " + value.length());
        }
        byte[] raw = value.revealCopy();
        try {
            if (!P256.isBelowOrder(raw)) {
                throw new InvalidShareException("share " + id + " is not a P-256 scalar (value at or above the group order)");
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A share built from raw bytes, which are copied. */
    public static Share of(int id, byte[] value) {
        return new Share(id, SecretBytes.copyOf(value));
    }

    @Override
    public String toString() {
        return "Share[id=" + id + ", value redacted]";
    }
}
