package ist.spike.core.server;

import com.fasterxml.jackson.core.JacksonException;
import ist.spike.core.api.SpikeJson;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.io.IOException;
import java.util.Objects;

/**
 * A route with a JSON request and a JSON answer, in SPIKE's order: parse, name the audit path,
 * authorize with the guard (SPIFFE ID, then path, then values), act, respond.
 *
 * @param <Q> the request record
 * @param <A> the answer record
 */
public abstract class JsonRoute<Q, A> implements Route {
    private final RouteKey key;
    private final Class<Q> requestType;
    private final Guard<? super Q> guard;

    protected JsonRoute(RouteKey key, Class<Q> requestType, Guard<? super Q> guard) {
        this.key = Objects.requireNonNull(key, "key");
        this.requestType = Objects.requireNonNull(requestType, "requestType");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    @Override
    public final RouteKey key() {
        return key;
    }

    @Override
    public final Guard<? super Q> guard() {
        return guard;
    }

    @Override
    public ApiResponse handle(ApiCall call) {
        Q request = parse(call.body());
        call.auditPath(auditPath(request));
        guard.authorize(call.caller(), request);
        return ApiResponse.json(act(call, request));
    }

    protected final Q parse(byte[] body) {
        Q request;
        try {
            request = SpikeJson.mapper().readValue(body, requestType);
        } catch (JacksonException e) {
            // Security: Jackson's message may quote the input; say only what kind of problem it was.
            throw new SpikeException(ErrorCode.BAD_REQUEST, "the request body is not a valid " + requestType.getSimpleName());
        } catch (IOException e) {
            throw new SpikeException(ErrorCode.BAD_REQUEST, "the request body cannot be read");
        }
        if (request == null) {
            throw new SpikeException(ErrorCode.BAD_REQUEST, "the request body is empty");
        }
        return request;
    }

    /** The path or name the audit line should carry for this request; never a value. */
    protected String auditPath(Q request) {
        return "";
    }

    protected abstract A act(ApiCall call, Q request);
}
