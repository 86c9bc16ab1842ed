package ist.spike.pilot.failure;

/**
 * The exit codes of {@code spike}, so scripts can tell "not found" from "not reachable" without
 * parsing the error line. Every failure is non-zero.
 */
public enum ExitCode {
    OK(0),
    /** Anything else that went wrong: a refusal, a conflict, a local file problem. */
    FAILURE(1),
    /** The command line or its input is wrong; nothing was sent. */
    USAGE(2),
    /** No SVID from the Workload API, or Nexus could not be reached over mTLS. */
    UNREACHABLE(3),
    /** Nexus answered 401: this SPIFFE ID may not do that. */
    UNAUTHORIZED(4),
    /** Nexus answered 404, or the requested key is not in the secret. */
    NOT_FOUND(5),
    /** Nexus answered 503: it has no root key yet. */
    NOT_READY(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
