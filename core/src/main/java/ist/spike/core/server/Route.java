package ist.spike.core.server;

/**
 * One action of the API. Implementations parse, authorize (fail closed), act and respond; they
 * signal errors by throwing {@link ist.spike.core.error.SpikeException}. Thread-safe.
 */
public interface Route {
    RouteKey key();

    /** The guard that authorizes callers of this route; every route has one. */
    Guard<?> guard();

    ApiResponse handle(ApiCall call);
}
