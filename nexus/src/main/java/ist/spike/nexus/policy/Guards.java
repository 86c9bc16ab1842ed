package ist.spike.nexus.policy;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.server.Guard;
import ist.spike.nexus.state.RootKey;
import java.util.function.Function;

/**
 * The guards of Nexus routes. Each first requires {@code READY} (policies live in the encrypted
 * store, so nothing can be authorized before), then checks the caller.
 */
public final class Guards {
    private final RootKey rootKey;
    private final Authorizer authorizer;

    public Guards(RootKey rootKey, Authorizer authorizer) {
        this.rootKey = rootKey;
        this.authorizer = authorizer;
    }

    /** {@code permission} on the path the request names. */
    public <Q> Guard<Q> onPath(Function<Q, String> path, Permission permission) {
        return (caller, request) -> {
            rootKey.requireReady();
            authorizer.require(caller, path.apply(request), permission);
        };
    }

    /** {@code permission} on a fixed system path (e.g. {@code spike/system/acl}). */
    public <Q> Guard<Q> onSystemPath(String path, Permission permission) {
        return (caller, request) -> {
            rootKey.requireReady();
            authorizer.require(caller, path, permission);
        };
    }

    /** The cipher API: the superuser, a lite workload, or {@code execute} on the cipher path. */
    public <Q> Guard<Q> cipher() {
        return (SpiffeId caller, Q request) -> {
            rootKey.requireReady();
            if (!authorizer.hasRole(caller, ist.spike.core.spiffe.SpiffeRole.LITE_WORKLOAD)) {
                authorizer.require(caller, Authorizer.CIPHER_PATH, Permission.EXECUTE);
            }
        };
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public RootKey rootKey() {
        return rootKey;
    }
}
