package ist.spike.nexus.recovery;

import ist.spike.core.api.OperatorMessages.RestoreRequest;
import ist.spike.core.api.OperatorMessages.RestoreResponse;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.core.shamir.Share;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;

/**
 * {@code POST /v1/operator/restore}: one shard towards rebuilding the root key, for the Pilot
 * restore role only. Each shard is verified on arrival; duplicates are acknowledged, not counted;
 * at T Nexus rebuilds the key, goes READY and re-hydrates the Keepers. Refused while READY (409).
 */
public final class RestoreRoute extends JsonRoute<RestoreRequest, RestoreResponse> {
    private final ShardRecovery recovery;

    public RestoreRoute(ShardRecovery recovery, TrustRoots roots) {
        super(RouteKey.of("/v1/operator/restore"), RestoreRequest.class, (caller, request) -> {
            if (!roots.hasRole(caller, SpiffeRole.PILOT_RESTORE)) {
                throw new SpikeException(ErrorCode.UNAUTHORIZED, "only the Pilot restore role may restore shards");
            }
        });
        this.recovery = recovery;
    }

    @Override
    protected RestoreResponse act(ApiCall call, RestoreRequest request) {
        if (request.shard() == null || request.shard().length() != 32) {
            throw SpikeException.badRequest("a shard is 32 integers 0-255");
        }
        return recovery.restore(new Share(request.id(), request.shard()));
    }
}
