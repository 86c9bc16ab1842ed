package ist.spike.nexus.cipher;

import ist.spike.core.api.CipherMessages;
import ist.spike.core.crypto.AesGcm;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.policy.Guards;
import ist.spike.nexus.keyring.Keyring;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code POST /v1/cipher/decrypt}: JSON {@code {"version":1,"nonce","ciphertext"}} or the raw sealed form. */
public final class DecryptRoute extends CipherRoute {
    private static final int MIN_STREAM = 1 + AesGcm.NONCE_BYTES + AesGcm.TAG_BITS / 8;

    private final Optional<Keyring> keyring;

    /** @param keyring where root keys replaced by a rekey are kept: what they sealed still opens */
    public DecryptRoute(Guards guards, Optional<Keyring> keyring) {
        super("/v1/cipher/decrypt", guards);
        this.keyring = keyring;
    }

    /** Opens under the root key, or under a root key a rekey replaced (newest first). */
    private byte[] decrypt(AesGcm aead, byte[] nonce, byte[] input, int offset) {
        try {
            return aead.decrypt(nonce, input, offset, null);
        } catch (SpikeException e) {
            for (AesGcm former : keyring.map(Keyring::formerRootKeys).orElse(List.of())) {
                try {
                    return former.decrypt(nonce, input, offset, null);
                } catch (SpikeException ignored) {
                    // not this one either
                }
            }
            throw e;
        }
    }

    @Override
    protected byte[] stream(AesGcm aead, byte[] body) {
        if (body.length < MIN_STREAM || body[0] != STREAM_VERSION) {
            throw SpikeException.badRequest("the body is not version 1 ciphertext (0x01 ‖ nonce ‖ ciphertext)");
        }
        return decrypt(aead, Arrays.copyOfRange(body, 1, 1 + AesGcm.NONCE_BYTES), body, 1 + AesGcm.NONCE_BYTES);
    }

    @Override
    protected Object json(AesGcm aead, byte[] body) {
        CipherMessages.Ciphertext request = parse(body, CipherMessages.Ciphertext.class);
        if (request.version() != CipherMessages.VERSION || request.nonce() == null || request.ciphertext() == null) {
            throw SpikeException.badRequest("version 1, nonce and ciphertext are required");
        }
        return new CipherMessages.Plaintext(decrypt(aead, request.nonce(), request.ciphertext(), 0));
    }
}
