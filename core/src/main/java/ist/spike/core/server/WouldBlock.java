package ist.spike.core.server;

/**
 * Thrown by a {@link Route#quick() quick} route tried on the thread that read the request
 * ({@link ApiCall#mayBlock()} false) when answering would wait on I/O after all (a secret not in
 * memory, say). The call then runs again, from its start, on the server's pool. Carries no message
 * and no stack: it is control flow, never an error.
 */
public final class WouldBlock extends RuntimeException {
    public WouldBlock() {
        super(null, null, false, false);
    }
}
