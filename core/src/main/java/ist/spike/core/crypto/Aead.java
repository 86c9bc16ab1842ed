package ist.spike.core.crypto;

/**
 * Authenticated encryption with associated data. The associated data binds a ciphertext to where
 * it belongs (a row, a field): opening it with other associated data fails.
 *
 * <p>Implementations are thread-safe.
 */
public interface Aead {
    /** Encrypts with a fresh random nonce; the result carries the nonce in front. */
    byte[] seal(byte[] plaintext, byte[] associatedData);

    /**
     * Decrypts what {@link #seal} produced.
     *
     * @throws ist.spike.core.error.SpikeException when the ciphertext was tampered with, belongs to
     *     other associated data, or was sealed under another key
     */
    byte[] open(byte[] ciphertext, byte[] associatedData);
}
