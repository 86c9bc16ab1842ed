package ist.spike.core.server;

import io.spiffe.spiffeid.SpiffeId;

/**
 * One call as a route sees it: who called (the SPIFFE ID of the mTLS peer), where, and the body.
 * Confined to the thread that handles the call; the route may add what the audit line should name.
 */
public final class ApiCall {
    private final SpiffeId caller;
    private final RouteKey route;
    private final byte[] body;
    private final String contentType;
    private final boolean mayBlock;
    private String auditPath = "";

    public ApiCall(SpiffeId caller, RouteKey route, byte[] body, String contentType) {
        this(caller, route, body, contentType, true);
    }

    /** A call whose route may wait on I/O only when {@code mayBlock}; see {@link WouldBlock}. */
    public ApiCall(SpiffeId caller, RouteKey route, byte[] body, String contentType, boolean mayBlock) {
        this.caller = caller;
        this.route = route;
        this.body = body;
        this.contentType = contentType == null ? "" : contentType;
        this.mayBlock = mayBlock;
    }

    public SpiffeId caller() {
        return caller;
    }

    public RouteKey route() {
        return route;
    }

    /** The raw request body. Security: may hold secret values; never log it. */
    public byte[] body() {
        return body;
    }

    public String contentType() {
        return contentType;
    }

    /** True when the body is raw bytes ({@code application/octet-stream}) rather than JSON. */
    public boolean isOctetStream() {
        return contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/octet-stream");
    }

    /**
     * False while a {@link Route#quick() quick} route is tried on the thread that read the request:
     * it must then answer from memory or throw {@link WouldBlock}.
     */
    public boolean mayBlock() {
        return mayBlock;
    }

    /** The secret path or policy name the audit line names (never a value). */
    public void auditPath(String path) {
        this.auditPath = path == null ? "" : path;
    }

    public String auditPath() {
        return auditPath;
    }
}
