package ist.spike.nexus.keyring;

import ist.spike.core.api.OperatorMessages.RotateRequest;
import ist.spike.core.api.OperatorMessages.RotateResponse;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.policy.Guards;
import java.util.Optional;

/**
 * {@code POST /v1/operator/rotate} (Pilot superuser): a new key term for new rows; with
 * {@code rewrap}, older rows are re-sealed under it in the background. Nexus must be READY.
 */
public final class RotateRoute extends JsonRoute<RotateRequest, RotateResponse> {
    private final Optional<Keyring> keyring;

    public RotateRoute(Optional<Keyring> keyring, Guards guards) {
        super(RouteKey.of("/v1/operator/rotate"), RotateRequest.class, (caller, request) -> {
            guards.rootKey().requireReady();
            if (!guards.authorizer().isSuperuser(caller)) {
                throw new SpikeException(ErrorCode.UNAUTHORIZED, "only the Pilot superuser may rotate keys");
            }
        });
        this.keyring = keyring;
    }

    @Override
    protected RotateResponse act(ApiCall call, RotateRequest request) {
        Keyring k = keyring.orElseThrow(() -> new SpikeException(ErrorCode.CONFLICT,
                "the memory backend keeps no keyring"));
        return new RotateResponse(k.rotate(request != null && request.rewrap()));
    }
}
