package ist.spike.nexus.recovery;

import ist.spike.core.api.OperatorMessages.RekeyResponse;
import ist.spike.core.api.Empty;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.policy.Guards;

/**
 * {@code POST /v1/operator/rekey} (Pilot superuser): a new root key (DESIGN §3a). Answers once the
 * Keepers were asked once: {@code done} when the new key is in force, otherwise Nexus carries on and
 * {@code spike status} shows the rekey until T Keepers hold the new key's shards.
 */
public final class RekeyRoute extends JsonRoute<Empty, RekeyResponse> {
    private final ShardRecovery recovery;

    public RekeyRoute(ShardRecovery recovery, Guards guards) {
        super(RouteKey.of("/v1/operator/rekey"), Empty.class, (caller, request) -> {
            guards.rootKey().requireReady();
            if (!guards.authorizer().isSuperuser(caller)) {
                throw new SpikeException(ErrorCode.UNAUTHORIZED, "only the Pilot superuser may replace the root key");
            }
        });
        this.recovery = recovery;
    }

    @Override
    protected RekeyResponse act(ApiCall call, Empty request) {
        return recovery.rekey();
    }
}
