package ist.spike.core.error;

/**
 * A peer could not be reached or the mTLS handshake failed: nothing was sent, or nothing came back.
 * Distinct from an error answer, so callers can retry or tell the user to start the peer.
 */
public final class ConnectionException extends SpikeException {
    public ConnectionException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}
