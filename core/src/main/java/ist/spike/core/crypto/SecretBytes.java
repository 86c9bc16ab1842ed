package ist.spike.core.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bytes that must not leak: a root key, a shard, a plaintext on its way through.
 *
 * <p>Security: {@link #toString()} never shows the bytes, {@link #equals(Object)} runs in constant
 * time for equal lengths, the only way to the bytes is the explicitly named {@link #revealCopy()},
 * and {@link #destroy()} zeroes them. Instances are thread-safe; using one after destroy throws.
 */
public final class SecretBytes implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] owned) {
        this.bytes = owned;
    }

    /** A copy of {@code source}; the caller stays responsible for zeroing its own array. */
    public static SecretBytes copyOf(byte[] source) {
        return new SecretBytes(Objects.requireNonNull(source, "source").clone());
    }

    /** Takes ownership of {@code source} without copying: the caller must not keep or reuse it. */
    public static SecretBytes takeOwnership(byte[] source) {
        return new SecretBytes(Objects.requireNonNull(source, "source"));
    }

    /** {@code length} bytes from a CSPRNG. */
    public static SecretBytes random(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return new SecretBytes(b);
    }

    public int length() {
        return bytes.length;
    }

    /**
     * A fresh copy of the secret bytes. Security: the caller owns the copy and should zero it with
     * {@code Arrays.fill(copy, (byte) 0)} as soon as it is done.
     */
    public byte[] revealCopy() {
        checkAlive();
        return bytes.clone();
    }

    /** True when every byte is zero (a shard or key that was never set). Constant time. */
    public boolean isAllZero() {
        checkAlive();
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }

    /** Zeroes the bytes; any later access throws. Idempotent. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("secret bytes were destroyed");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretBytes other)) {
            return false;
        }
        checkAlive();
        other.checkAlive();
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        // Security: a content hash would leak information about the bytes.
        return bytes.length;
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }
}
