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
     * True for a route that can often answer from memory: the server first tries it on the thread
     * that read the request (no hand-off to another thread), with {@link ApiCall#mayBlock()} false;
     * where it would have to wait on anything (I/O, a peer, a lock held across I/O) it throws
     * {@link WouldBlock} and the call runs again on the server's pool. Every other route runs on the
     * pool.
     */
    default boolean quick() {
        return false;
    }
}
