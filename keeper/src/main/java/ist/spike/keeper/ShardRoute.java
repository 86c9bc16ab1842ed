package ist.spike.keeper;

import ist.spike.core.api.Empty;
import ist.spike.core.api.KeeperMessages.ShardMessage;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.Guard;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;

/** {@code POST /v1/store/shard}: gives Nexus the shard back; 404 when this Keeper holds none. */
public final class ShardRoute extends JsonRoute<Empty, ShardMessage> {
    private final ShardHolder holder;

    public ShardRoute(ShardHolder holder, Guard<Object> onlyNexus) {
        super(RouteKey.of("/v1/store/shard"), Empty.class, onlyNexus);
        this.holder = holder;
    }

    @Override
    protected ShardMessage act(ApiCall call, Empty request) {
        return new ShardMessage(holder.copy().orElseThrow(() -> new SpikeException(ErrorCode.NOT_FOUND, "no shard held")));
    }
}
