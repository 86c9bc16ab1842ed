package ist.spike.core.error;

import java.util.Arrays;
import java.util.Optional;

/**
 * The error codes of the SPIKE API. The wire string is what goes into {@code {"err":"<code>"}}
 * and must stay exactly as upstream SPIKE spells it; the HTTP status goes with it.
 */
public enum ErrorCode {
    BAD_REQUEST("api_bad_request", 400),
    UNAUTHORIZED("access_unauthorized", 401),
    NOT_FOUND("api_not_found", 404),
    CONFLICT("state_conflict", 409),
    TOO_LARGE("api_too_large", 413),
    INTERNAL("api_internal_error", 500),
    NOT_READY("state_not_ready", 503);

    private final String wire;
    private final int httpStatus;

    ErrorCode(String wire, int httpStatus) {
        this.wire = wire;
        this.httpStatus = httpStatus;
    }

    /** The string sent in the {@code err} field. */
    public String wire() {
        return wire;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code for a wire string, if it is one of ours. */
    public static Optional<ErrorCode> fromWire(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(wire)).findFirst();
    }

    /** The code a peer most likely meant by an HTTP status whose body carried no known code. */
    public static ErrorCode fromHttpStatus(int status) {
        return Arrays.stream(values())
                .filter(c -> c.httpStatus == status)
                .findFirst()
                .orElse(status >= 500 ? INTERNAL : BAD_REQUEST);
    }
}
