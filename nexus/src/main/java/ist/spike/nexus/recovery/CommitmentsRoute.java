package ist.spike.nexus.recovery;

import ist.spike.core.api.Empty;
import ist.spike.core.api.OperatorMessages.CommitmentsResponse;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.status.StatusRoute;
import java.util.Set;

/**
 * {@code POST /v1/operator/commitments}: every sharing generation's N, T and Feldman commitments, so
 * {@code spike recover verify} can check recovery files without sending a shard. Public values, for
 * any caller that may read {@code /v1/status}; works in every state once the root-key record is read
 * (so files can be checked before a restore).
 */
public final class CommitmentsRoute extends JsonRoute<Empty, CommitmentsResponse> {
    public static final RouteKey KEY = RouteKey.of("/v1/operator/commitments");

    private final ShardRecovery recovery;

    public CommitmentsRoute(ShardRecovery recovery, Set<String> trustDomains) {
        super(KEY, Empty.class, StatusRoute.anySvidOf(trustDomains));
        this.recovery = recovery;
    }

    @Override
    protected CommitmentsResponse act(ApiCall call, Empty request) {
        var generations = recovery.generations();
        if (generations.isEmpty()) {
            throw new SpikeException(ErrorCode.NOT_READY, "Nexus has not read its root-key record yet");
        }
        return new CommitmentsResponse(generations);
    }
}
