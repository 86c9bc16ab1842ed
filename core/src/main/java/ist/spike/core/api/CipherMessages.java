package ist.spike.core.api;

/** Wire records of {@code /v1/cipher/encrypt} and {@code /v1/cipher/decrypt} in JSON form. */
public final class CipherMessages {
    /** The only cipher format version there is. */
    public static final int VERSION = 1;

    private CipherMessages() {
    }

    /** {@code {"plaintext":b64}}, both as encrypt request and decrypt answer. */
    public record Plaintext(byte[] plaintext) {
        @Override
        public String toString() {
            return "Plaintext[redacted]";
        }
    }

    /** {@code {"version":1,"nonce":b64,"ciphertext":b64}}. */
    public record Ciphertext(int version, byte[] nonce, byte[] ciphertext) {
        @Override
        public String toString() {
            return "Ciphertext[version=" + version + "]";
        }
    }
}
