package ist.spike.nexus.cipher;

import ist.spike.core.api.CipherMessages;
import ist.spike.core.crypto.AesGcm;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.policy.Guards;
import java.util.Arrays;

/** {@code POST /v1/cipher/decrypt}: JSON {@code {"version":1,"nonce","ciphertext"}} or the raw sealed form. */
public final class DecryptRoute extends CipherRoute {
    private static final int MIN_STREAM = 1 + AesGcm.NONCE_BYTES + AesGcm.TAG_BITS / 8;

    public DecryptRoute(Guards guards) {
        super("/v1/cipher/decrypt", guards);
    }

    @Override
    protected byte[] stream(AesGcm aead, byte[] body) {
        if (body.length < MIN_STREAM || body[0] != STREAM_VERSION) {
            throw SpikeException.badRequest("the body is not version 1 ciphertext (0x01 ‖ nonce ‖ ciphertext)");
        }
        return aead.decrypt(Arrays.copyOfRange(body, 1, 1 + AesGcm.NONCE_BYTES), body, 1 + AesGcm.NONCE_BYTES, null);
    }

    @Override
    protected Object json(AesGcm aead, byte[] body) {
        CipherMessages.Ciphertext request = parse(body, CipherMessages.Ciphertext.class);
        if (request.version() != CipherMessages.VERSION || request.nonce() == null || request.ciphertext() == null) {
            throw SpikeException.badRequest("version 1, nonce and ciphertext are required");
        }
        return new CipherMessages.Plaintext(aead.decrypt(request.nonce(), request.ciphertext(), 0, null));
    }
}
