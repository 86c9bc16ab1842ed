package ist.spike.core.spiffe;

/**
 * The SPIFFE identities SPIKE knows. An ID has a role when its trust domain is one of the role's
 * trust roots and its path equals the role's base path or extends it with {@code /…}.
 */
public enum SpiffeRole {
    NEXUS("/spike/nexus", "SPIKE_TRUST_ROOT_NEXUS"),
    KEEPER("/spike/keeper", "SPIKE_TRUST_ROOT_KEEPER"),
    PILOT_SUPERUSER("/spike/pilot/role/superuser", "SPIKE_TRUST_ROOT_PILOT"),
    PILOT_RECOVER("/spike/pilot/role/recover", "SPIKE_TRUST_ROOT_PILOT"),
    PILOT_RESTORE("/spike/pilot/role/restore", "SPIKE_TRUST_ROOT_PILOT"),
    LITE_WORKLOAD("/spike/workload/role/lite", "SPIKE_TRUST_ROOT_LITE_WORKLOAD");

    private final String basePath;
    private final String trustRootVariable;

    SpiffeRole(String basePath, String trustRootVariable) {
        this.basePath = basePath;
        this.trustRootVariable = trustRootVariable;
    }

    /** The path of the role's base SPIFFE ID, e.g. {@code /spike/nexus}. */
    public String basePath() {
        return basePath;
    }

    /** The environment variable that lists the role's trust domains (comma-separated). */
    public String trustRootVariable() {
        return trustRootVariable;
    }

    /** The base SPIFFE ID of this role in {@code trustDomain}. */
    public String idIn(String trustDomain) {
        return "spiffe://" + trustDomain + basePath;
    }

    /** True when {@code path} is the base path or extends it with {@code /…}. */
    public boolean matchesPath(String path) {
        return path.equals(basePath) || path.startsWith(basePath + "/");
    }
}
