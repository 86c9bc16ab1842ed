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
    private final CallerGate gate;

    /** Routes every caller's calls; the guards alone decide ({@link CallerGate#ANYONE}). */
    public Router(List<Route> routes, RequestMetrics metrics) {
        this(routes, metrics, CallerGate.ANYONE);
    }

    public Router(List<Route> routes, RequestMetrics metrics, CallerGate gate) {
        this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(Route::key, Function.identity()));
        this.paths = this.routes.keySet().stream().map(RouteKey::path).collect(Collectors.toUnmodifiableSet());
        this.metrics = metrics;
        this.gate = gate;
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
        return dispatch(method, path, action, caller, contentType, body, true);
    }

    /**
     * Handles one call; with {@code mayBlock} false (a {@link Route#quick() quick} route tried where
     * it must not wait) it may throw {@link WouldBlock} instead, having audited and recorded nothing:
     * the caller then dispatches it again with {@code mayBlock} true.
     */
    public ApiResponse dispatch(String method, String path, String action, SpiffeId caller, String contentType,
                                byte[] body, boolean mayBlock) {
        long start = System.nanoTime();
        String routeLabel = "unknown";
        ApiCall call = null;
        ApiResponse answer;
        try {
            RouteKey key = key(path, action);
            Route route = resolve(method, key, caller);
            routeLabel = key.toString();
            call = new ApiCall(caller, key, body, contentType, mayBlock);
            answer = route.handle(call);
        } catch (WouldBlock e) {
            if (mayBlock) {
                LOG.error("{} gave up waiting where it may wait", routeLabel);
                answer = ApiResponse.error(ErrorCode.INTERNAL);
            } else {
                throw e;
            }
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

    /**
     * Decides what can be decided before the body is read: the route exists, the method is POST,
     * and the caller has an identity its gate admits. Null when the body may be read; otherwise the
     * error to answer at once (with {@link #refuse}), the body left unread.
     */
    public ErrorCode preflight(String method, String path, String action, SpiffeId caller) {
        try {
            RouteKey key = key(path, action);
            resolve(method, key, caller);
            if (!gate.admits(caller, key)) {
                throw new SpikeException(ErrorCode.UNAUTHORIZED, "this caller may not use " + key);
            }
            return null;
        } catch (SpikeException e) {
            LOG.debug("refused before the body: {}", e.getMessage());
            return e.code();
        }
    }

    private static RouteKey key(String path, String action) {
        return new RouteKey(path == null || !path.startsWith("/") ? "/" : path, action);
    }

    /** The route of {@code key}, or the error a call to it gets whatever its body. */
    private Route resolve(String method, RouteKey key, SpiffeId caller) {
        Route route = routes.get(key);
        if (route == null) {
            throw paths.contains(key.path())
                    ? new SpikeException(ErrorCode.BAD_REQUEST, "unknown action for " + key.path())
                    : new SpikeException(ErrorCode.NOT_FOUND, "no such API path");
        }
        if (!"POST".equals(method)) {
            throw new SpikeException(ErrorCode.BAD_REQUEST, "SPIKE API calls use POST");
        }
        if (caller == null) {
            throw new SpikeException(ErrorCode.UNAUTHORIZED, "the connection carried no SPIFFE ID");
        }
        return route;
    }

    /** Whether the call's route is {@link Route#quick()}; false for unknown calls. */
    public boolean isQuick(String path, String action) {
        Route route = routes.get(key(path, action));
        return route != null && route.quick();
    }

    /** Answers a call that never reached routing (e.g. an oversized body). */
    public ApiResponse refuse(String path, SpiffeId caller, ErrorCode code) {
        metrics.record("unknown", code.wire(), 0);
        AUDIT.info("caller={} route={} path= outcome={}", caller, path, code.wire());
        return ApiResponse.error(code);
    }
}
