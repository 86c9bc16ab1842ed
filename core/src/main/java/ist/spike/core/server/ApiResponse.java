package ist.spike.core.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import ist.spike.core.api.ErrorResponse;
import ist.spike.core.api.SpikeJson;
import ist.spike.core.error.ErrorCode;

/** What a route answers: status, content type and body bytes. */
public record ApiResponse(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json";
    public static final String OCTET_STREAM = "application/octet-stream";

    public static ApiResponse json(Object value) {
        try {
            return new ApiResponse(200, JSON, SpikeJson.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static ApiResponse bytes(byte[] body) {
        return new ApiResponse(200, OCTET_STREAM, body);
    }

    public static ApiResponse error(ErrorCode code) {
        try {
            return new ApiResponse(code.httpStatus(), JSON, SpikeJson.mapper().writeValueAsBytes(ErrorResponse.of(code)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ApiResponse[status=" + status + ", " + body.length + " bytes]";
    }
}
