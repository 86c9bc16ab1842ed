package ist.spike.nexus.cipher;

import ist.spike.core.api.CipherMessages;
import ist.spike.core.crypto.AesGcm;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.policy.Guards;
import java.security.SecureRandom;

/** {@code POST /v1/cipher/encrypt}: JSON {@code {"plaintext":b64}} or the raw bytes. */
public final class EncryptRoute extends CipherRoute {
    private static final SecureRandom RANDOM = new SecureRandom();

    public EncryptRoute(Guards guards) {
        super("/v1/cipher/encrypt", guards);
    }

    @Override
    protected byte[] stream(AesGcm aead, byte[] plaintext) {
        byte[] nonce = nonce();
        byte[] sealed = aead.encrypt(nonce, plaintext, null);
        byte[] out = new byte[1 + nonce.length + sealed.length];
        out[0] = STREAM_VERSION;
        System.arraycopy(nonce, 0, out, 1, nonce.length);
        System.arraycopy(sealed, 0, out, 1 + nonce.length, sealed.length);
        return out;
    }

    @Override
    protected Object json(AesGcm aead, byte[] body) {
        CipherMessages.Plaintext request = parse(body, CipherMessages.Plaintext.class);
        if (request.plaintext() == null) {
            throw SpikeException.badRequest("plaintext is missing");
        }
        byte[] nonce = nonce();
        return new CipherMessages.Ciphertext(CipherMessages.VERSION, nonce, aead.encrypt(nonce, request.plaintext(), null));
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[AesGcm.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }
}
