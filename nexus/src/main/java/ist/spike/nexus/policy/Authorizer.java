package ist.spike.nexus.policy;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decides access as upstream SPIKE does: the Pilot superuser may do everything but recover and
 * restore; anyone else needs a policy whose SPIFFE-ID pattern matches them, whose path pattern
 * matches the path, and that grants every wanted permission ({@code super} grants all of them).
 * Fails closed.
 */
public final class Authorizer {
    /** The pseudo-paths that guard the non-secret APIs. */
    public static final String SECRET_LIST_PATH = "spike/system/secret";
    public static final String ACL_PATH = "spike/system/acl";
    public static final String CIPHER_PATH = "spike/system/cipher/exec";

    /** The roles some route lets through without a policy. */
    private static final Set<SpiffeRole> CALLER_ROLES = EnumSet.of(SpiffeRole.PILOT_SUPERUSER,
            SpiffeRole.PILOT_RECOVER, SpiffeRole.PILOT_RESTORE, SpiffeRole.LITE_WORKLOAD);

    private final TrustRoots roots;
    private final PolicyService policies;

    public Authorizer(TrustRoots roots, PolicyService policies) {
        this.roots = roots;
        this.policies = policies;
    }

    public boolean isSuperuser(SpiffeId caller) {
        return roots.hasRole(caller, SpiffeRole.PILOT_SUPERUSER);
    }

    public boolean hasRole(SpiffeId caller, SpiffeRole role) {
        return roots.hasRole(caller, role);
    }

    /**
     * False when no call of {@code caller} can be allowed, whatever it asks: it has no SPIKE role
     * and no policy names it. Decided before a request body is read (see
     * {@link ist.spike.core.server.CallerGate}). While policies cannot be read (no root key yet) the
     * answer is true: the route then answers {@code state_not_ready} as it should.
     */
    public boolean mayCallAtAll(SpiffeId caller) {
        for (SpiffeRole role : CALLER_ROLES) {
            if (roots.hasRole(caller, role)) {
                return true;
            }
        }
        Collection<CompiledPolicy> compiled;
        try {
            compiled = policies.compiled();
        } catch (RuntimeException e) {
            return true;
        }
        String id = caller.toString();
        return compiled.stream().anyMatch(p -> p.matchesCaller(id));
    }

    /** True when {@code caller} may do {@code wanted} on {@code path}. */
    public boolean allows(SpiffeId caller, String path, Set<Permission> wanted) {
        if (isSuperuser(caller)) {
            return true;
        }
        String id = caller.toString();
        for (CompiledPolicy p : policies.compiled()) {
            if (!p.matchesCaller(id) || !p.matchesPath(path)) {
                continue;
            }
            Set<Permission> granted = p.policy().permissions();
            if (granted.contains(Permission.SUPER) || granted.containsAll(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Throws {@code access_unauthorized} unless {@link #allows}. */
    public void require(SpiffeId caller, String path, Permission first, Permission... more) {
        if (!allows(caller, path, EnumSet.of(first, more))) {
            throw new SpikeException(ErrorCode.UNAUTHORIZED, "no policy grants " + first.wire() + " on that path");
        }
    }
}
