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
    private String auditPath = "";

    public ApiCall(SpiffeId caller, RouteKey route, byte[] body, String contentType) {
        this.caller = caller;
        this.route = route;
        this.body = body;
        this.contentType = contentType == null ? "" : contentType;
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

    /** The secret path or policy name the audit line names (never a value). */
    public void auditPath(String path) {
        this.auditPath = path == null ? "" : path;
    }

    public String auditPath() {
        return auditPath;
    }
}
