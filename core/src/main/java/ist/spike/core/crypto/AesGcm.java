package ist.spike.core.crypto;

import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 12-byte nonce per encryption and a 128-bit tag. Sealed form:
 * {@code nonce(12) ‖ ciphertext ‖ tag(16)}. Thread-safe: each call borrows a {@link Cipher} from
 * this instance's pool (looking one up costs more than the encryption of a small secret, and a
 * re-used cipher keeps its expanded key), and re-initialises it with the call's own nonce.
 */
public final class AesGcm implements Aead {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final Queue<Cipher> ciphers = new ConcurrentLinkedQueue<>();

    /** Keys this instance with a copy of {@code key}, which must be 32 bytes. */
    public AesGcm(SecretBytes key) {
        if (key.length() != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key, got " + key.length());
        }
        byte[] raw = key.revealCopy();
        try {
            this.key = new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = encrypt(nonce, plaintext, associatedData);
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return out;
    }

    @Override
    public byte[] open(byte[] ciphertext, byte[] associatedData) {
        if (ciphertext.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SpikeException(ErrorCode.BAD_REQUEST, "ciphertext is too short to be AES-GCM");
        }
        return decrypt(Arrays.copyOf(ciphertext, NONCE_BYTES), ciphertext, NONCE_BYTES, associatedData);
    }

    /** Encrypts under an explicit nonce; returns {@code ciphertext ‖ tag}. Never reuse a nonce. */
    public byte[] encrypt(byte[] nonce, byte[] plaintext, byte[] associatedData) {
        Cipher cipher = borrow();
        try {
            init(cipher, Cipher.ENCRYPT_MODE, nonce, associatedData);
            byte[] out = cipher.doFinal(plaintext);
            ciphers.add(cipher);
            return out;
        } catch (GeneralSecurityException e) {
            throw new SpikeException(ErrorCode.INTERNAL, "AES-GCM encryption failed: " + e.getClass().getSimpleName());
        }
    }

    /** Decrypts {@code ciphertext ‖ tag} found at {@code offset} of {@code input}. */
    public byte[] decrypt(byte[] nonce, byte[] input, int offset, byte[] associatedData) {
        if (nonce.length != NONCE_BYTES) {
            throw new SpikeException(ErrorCode.BAD_REQUEST, "nonce must be 12 bytes, got " + nonce.length);
        }
        Cipher cipher = borrow();
        try {
            init(cipher, Cipher.DECRYPT_MODE, nonce, associatedData);
            byte[] out = cipher.doFinal(input, offset, input.length - offset);
            ciphers.add(cipher);
            return out;
        } catch (GeneralSecurityException e) {
            // Security: do not say more; every failure looks the same to the caller.
            throw new SpikeException(ErrorCode.BAD_REQUEST,
                    "decryption failed: the data was changed, belongs elsewhere, or was sealed under another key");
        }
    }

    /**
     * A cipher from the pool, or a new one. A cipher that failed is never returned to the pool,
     * so a borrowed one is always in a clean state.
     */
    private Cipher borrow() {
        Cipher cipher = ciphers.poll();
        if (cipher != null) {
            return cipher;
        }
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new SpikeException(ErrorCode.INTERNAL, "AES-GCM is not available: " + e.getClass().getSimpleName());
        }
    }

    private void init(Cipher cipher, int mode, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        if (associatedData != null && associatedData.length > 0) {
            cipher.updateAAD(associatedData);
        }
    }

    @Override
    public String toString() {
        return "AesGcm[key redacted]";
    }
}
