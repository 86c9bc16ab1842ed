package ist.spike.core.server;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one API call, independent of HTTP: POST only, by path and {@code ?action=}, every failure
 * turned into an {@code {"err":…}} answer (a bug becomes a 500, never a crash). Writes one audit
 * line and one metrics sample per call. Thread-safe.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("spike.audit");

    private final Map<RouteKey, Route> routes;
    private final Set<String> paths;
    private final RequestMetrics metrics;

    public Router(List<Route> routes, RequestMetrics metrics) {
        this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(Route::key, Function.identity()));
        this.paths = this.routes.keySet().stream().map(RouteKey::path).collect(Collectors.toUnmodifiableSet());
        this.metrics = metrics;
    }

    /** The routes, for checks such as "every route has a guard". */
    public Map<RouteKey, Route> routes() {
        return routes;
    }

    /**
     * Handles one call.
     *
     * @param caller the peer's SPIFFE ID, or null when the connection carried none
     * @param body   the request body, already capped by the transport
     */
    public ApiResponse dispatch(String method, String path, String action, SpiffeId caller, String contentType,
                                byte[] body) {
        long start = System.nanoTime();
        String routeLabel = "unknown";
        ApiCall call = null;
        ApiResponse answer;
        try {
            RouteKey key = new RouteKey(path == null || !path.startsWith("/") ? "/" : path, action);
            Route route = routes.get(key);
            if (route == null) {
                throw paths.contains(key.path())
                        ? new SpikeException(ErrorCode.BAD_REQUEST, "unknown action for " + key.path())
                        : new SpikeException(ErrorCode.NOT_FOUND, "no such API path");
            }
            routeLabel = key.toString();
            if (!"POST".equals(method)) {
                throw new SpikeException(ErrorCode.BAD_REQUEST, "SPIKE API calls use POST");
            }
            if (caller == null) {
                throw new SpikeException(ErrorCode.UNAUTHORIZED, "the connection carried no SPIFFE ID");
            }
            call = new ApiCall(caller, key, body, contentType);
            answer = route.handle(call);
        } catch (SpikeException e) {
            answer = ApiResponse.error(e.code());
            LOG.debug("{} refused: {}", routeLabel, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // Security: log the type only; a message could carry request content.
            LOG.error("{} failed unexpectedly: {}", routeLabel, e.getClass().getName());
            answer = ApiResponse.error(ErrorCode.INTERNAL);
        }
        String outcome = answer.status() == 200 ? "ok" : ErrorCode.fromHttpStatus(answer.status()).wire();
        metrics.record(routeLabel, outcome, System.nanoTime() - start);
        AUDIT.info("caller={} route={} path={} outcome={}", caller, routeLabel, call == null ? "" : call.auditPath(), outcome);
        return answer;
    }

    /** Answers a call that never reached routing (e.g. an oversized body). */
    public ApiResponse refuse(String path, SpiffeId caller, ErrorCode code) {
        metrics.record("unknown", code.wire(), 0);
        AUDIT.info("caller={} route={} path= outcome={}", caller, path, code.wire());
        return ApiResponse.error(code);
    }
}
