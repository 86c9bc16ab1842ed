package ist.spike.nexus.recovery;

import ist.spike.core.api.Empty;
import ist.spike.core.api.OperatorMessages.RecoverResponse;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.core.shamir.Share;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/operator/recover}: every shard of the root key, for the Pilot recover role only
 * (hard-wired: no policy and not the superuser can call it). Nexus must be READY.
 */
public final class RecoverRoute extends JsonRoute<Empty, RecoverResponse> {
    private final ShardRecovery recovery;

    public RecoverRoute(ShardRecovery recovery, TrustRoots roots) {
        super(RouteKey.of("/v1/operator/recover"), Empty.class, (caller, request) -> {
            if (!roots.hasRole(caller, SpiffeRole.PILOT_RECOVER)) {
                throw new SpikeException(ErrorCode.UNAUTHORIZED, "only the Pilot recover role may recover shards");
            }
        });
        this.recovery = recovery;
    }

    @Override
    protected RecoverResponse act(ApiCall call, Empty request) {
        Map<String, SecretBytes> shards = new LinkedHashMap<>();
        for (Share s : recovery.recoverShares()) {
            shards.put(String.valueOf(s.id()), s.value());
        }
        return new RecoverResponse(shards);
    }
}
