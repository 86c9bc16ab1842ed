package ist.spike.core.error;

/**
 * The one unchecked exception of SPIKE. It carries an {@link ErrorCode} so that whoever finally
 * answers a request or a user knows what to say.
 *
 * <p>Security: a message must never contain a secret value, a shard or key bytes. Messages say what
 * went wrong and what to do next, in words a user can act on.
 */
public class SpikeException extends RuntimeException {
    private final ErrorCode code;

    public SpikeException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public SpikeException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static SpikeException badRequest(String message) {
        return new SpikeException(ErrorCode.BAD_REQUEST, message);
    }
}
