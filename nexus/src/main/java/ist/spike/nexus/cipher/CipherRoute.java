package ist.spike.nexus.cipher;

import ist.spike.core.api.SpikeJson;
import ist.spike.core.crypto.AesGcm;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.ApiResponse;
import ist.spike.core.server.Guard;
import ist.spike.core.server.Route;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.policy.Guards;
import ist.spike.nexus.state.RootKey;
import java.io.IOException;

/**
 * The cipher API: encryption as a service under the root key (AES-256-GCM, fresh nonce, no
 * associated data, as upstream), in JSON form or as a raw {@code application/octet-stream} whose
 * sealed form is {@code 0x01 ‖ nonce(12) ‖ ciphertext}. Stored secrets are sealed with associated
 * data, so this API can never open them.
 */
abstract class CipherRoute implements Route {
    static final byte STREAM_VERSION = 1;

    private final RouteKey key;
    private final Guard<Object> guard;
    private final RootKey rootKey;

    CipherRoute(String path, Guards guards) {
        this.key = RouteKey.of(path);
        this.guard = guards.cipher();
        this.rootKey = guards.rootKey();
    }

    @Override
    public final RouteKey key() {
        return key;
    }

    @Override
    public final Guard<Object> guard() {
        return guard;
    }

    @Override
    public final ApiResponse handle(ApiCall call) {
        guard.authorize(call.caller(), null);
        AesGcm aead = rootKey.aead();
        return call.isOctetStream() ? ApiResponse.bytes(stream(aead, call.body())) : ApiResponse.json(json(aead, call.body()));
    }

    protected abstract byte[] stream(AesGcm aead, byte[] body);

    protected abstract Object json(AesGcm aead, byte[] body);

    static <T> T parse(byte[] body, Class<T> type) {
        try {
            T value = SpikeJson.mapper().readValue(body, type);
            if (value == null) {
                throw SpikeException.badRequest("the request body is empty");
            }
            return value;
        } catch (IOException e) {
            throw SpikeException.badRequest("the request body is not a valid " + type.getSimpleName());
        }
    }
}
