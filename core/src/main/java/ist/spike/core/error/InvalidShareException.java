package ist.spike.core.error;

/**
 * A Shamir share, or a set of shares, that cannot be used: malformed text, an ID out of range, a
 * value outside the field, a duplicate, too few, or a failed commitment check. The message names
 * the share by its ID, never by its value.
 */
public final class InvalidShareException extends SpikeException {
    public InvalidShareException(String message) {
        super(ErrorCode.BAD_REQUEST, message);
    }
}
