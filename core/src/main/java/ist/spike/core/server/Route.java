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

    /**
     * True for a route that answers from memory or one local database read, never waiting on a
     * peer, a lock held across I/O or a commit: the server then runs it on the thread that read the
     * request (no hand-off to another thread). Every other route runs on the server's pool.
     */
    default boolean quick() {
        return false;
    }
}
