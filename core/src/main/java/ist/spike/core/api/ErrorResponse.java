package ist.spike.core.api;

import ist.spike.core.error.ErrorCode;

/** The body of every error answer: {@code {"err":"<code>"}}. */
public record ErrorResponse(String err) {
    public static ErrorResponse of(ErrorCode code) {
        return new ErrorResponse(code.wire());
    }
}
