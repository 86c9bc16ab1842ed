package ist.spike.keeper;

import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.KeeperMessages.KeeperStatus;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.Guard;
import ist.spike.core.server.HealthServer;
import ist.spike.core.server.MtlsJsonServer;
import ist.spike.core.server.RequestMetrics;
import ist.spike.core.server.Router;
import ist.spike.core.spiffe.MtlsContexts;
import java.util.List;
import java.util.function.Predicate;

/** A running Keeper: the Keeper API (Nexus only) and the health port. */
public final class Keeper implements AutoCloseable {
    private final ShardHolder holder;
    private final MtlsJsonServer api;
    private final HealthServer health;

    public Keeper(KeeperConfig config, X509Source source, ShardHolder holder) {
        this.holder = holder;
        RequestMetrics metrics = new RequestMetrics("spike_keeper");
        Router router = router(config.nexus(), holder, metrics);
        // Security: a Keeper completes the handshake only with its Nexus, and checks again per route.
        api = new MtlsJsonServer(MtlsJsonServer.Options.defaults(config.tlsAddress()),
                source, config.nexus(), router);
        health = new HealthServer(config.healthAddress(), new HealthServer.Probes() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public Object status() {
                return new KeeperStatus(holder.holdsShard());
            }

            @Override
            public String metrics() {
                StringBuilder out = new StringBuilder();
                out.append("# HELP spike_keeper_holds_shard 1 when this Keeper holds its shard.\n")
                        .append("# TYPE spike_keeper_holds_shard gauge\n")
                        .append("spike_keeper_holds_shard ").append(holder.holdsShard() ? 1 : 0).append('\n');
                metrics.render(out);
                return out.toString();
            }
        });
    }

    /** The Keeper API without its transport; {@code nexus} says which callers are this Keeper's Nexus. */
    public static Router router(Predicate<SpiffeId> nexus, ShardHolder holder, RequestMetrics metrics) {
        Guard<Object> onlyNexus = (caller, request) -> {
            if (!nexus.test(caller)) {
                throw new SpikeException(ErrorCode.UNAUTHORIZED, "only this Keeper's Nexus may talk to it");
            }
        };
        // Only Nexus may send a body (the handshake already admits only Nexus; this holds if that changes).
        return new Router(List.of(new ContributeRoute(holder, onlyNexus), new ShardRoute(holder, onlyNexus)), metrics,
                (caller, key) -> nexus.test(caller));
    }

    public void start() {
        health.start();
        api.start();
    }

    @Override
    public void close() {
        api.close();
        health.close();
        holder.close();
    }
}
