package ist.spike.keeper;

import ist.spike.core.api.Empty;
import ist.spike.core.api.KeeperMessages.ShardMessage;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.Guard;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;

/** {@code POST /v1/store/contribute}: Nexus hands this Keeper its shard (32 bytes, not all zero). */
public final class ContributeRoute extends JsonRoute<ShardMessage, Empty> {
    private final ShardHolder holder;

    public ContributeRoute(ShardHolder holder, Guard<Object> onlyNexus) {
        super(RouteKey.of("/v1/store/contribute"), ShardMessage.class, onlyNexus);
        this.holder = holder;
    }

    @Override
    protected Empty act(ApiCall call, ShardMessage request) {
        if (request.shard() == null || request.shard().length() != 32 || request.shard().isAllZero()) {
            if (request.shard() != null) {
                request.shard().destroy();
            }
            throw SpikeException.badRequest("a shard is 32 bytes and not all zero");
        }
        holder.replace(request.shard());
        return Empty.INSTANCE;
    }
}
