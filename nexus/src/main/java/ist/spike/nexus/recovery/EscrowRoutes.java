package ist.spike.nexus.recovery;

import ist.spike.core.api.Empty;
import ist.spike.core.api.OperatorMessages.EscrowRequest;
import ist.spike.core.api.OperatorMessages.EscrowResponse;
import ist.spike.core.api.OperatorMessages.RestoreResponse;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.Route;
import ist.spike.core.server.RouteKey;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import java.util.Arrays;
import java.util.List;

/**
 * The passphrase escrow's routes (DESIGN §3a), hard-wired to Pilot roles like recover and restore:
 * {@code POST /v1/operator/escrow} {@code {"passphrase":b64}} and {@code ?action=delete} for the
 * recover role; {@code ?action=restore} {@code {"passphrase":b64}} for the restore role. The
 * passphrase's bytes are zeroed once used.
 */
public final class EscrowRoutes {
    static final String PATH = "/v1/operator/escrow";

    private EscrowRoutes() {
    }

    public static List<Route> all(ShardRecovery recovery, TrustRoots roots) {
        return List.of(new Store(recovery, roots), new Remove(recovery, roots), new Restore(recovery, roots));
    }

    private static void requireRole(TrustRoots roots, io.spiffe.spiffeid.SpiffeId caller, SpiffeRole role, String what) {
        if (!roots.hasRole(caller, role)) {
            throw new SpikeException(ErrorCode.UNAUTHORIZED, what);
        }
    }

    private static byte[] passphrase(EscrowRequest request) {
        if (request.passphrase() == null) {
            throw SpikeException.badRequest("a passphrase is required");
        }
        return request.passphrase();
    }

    /** Stores (or replaces) the escrow. */
    static final class Store extends JsonRoute<EscrowRequest, EscrowResponse> {
        private final ShardRecovery recovery;

        Store(ShardRecovery recovery, TrustRoots roots) {
            super(RouteKey.of(PATH), EscrowRequest.class, (caller, request) -> requireRole(roots, caller,
                    SpiffeRole.PILOT_RECOVER, "only the Pilot recover role may escrow the root key"));
            this.recovery = recovery;
        }

        @Override
        protected EscrowResponse act(ApiCall call, EscrowRequest request) {
            byte[] passphrase = passphrase(request);
            try {
                recovery.escrow(passphrase);
                return new EscrowResponse("current");
            } finally {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }

    /** Deletes the escrow. */
    static final class Remove extends JsonRoute<Empty, EscrowResponse> {
        private final ShardRecovery recovery;

        Remove(ShardRecovery recovery, TrustRoots roots) {
            super(new RouteKey(PATH, "delete"), Empty.class, (caller, request) -> requireRole(roots, caller,
                    SpiffeRole.PILOT_RECOVER, "only the Pilot recover role may remove the escrow"));
            this.recovery = recovery;
        }

        @Override
        protected EscrowResponse act(ApiCall call, Empty request) {
            recovery.removeEscrow();
            return new EscrowResponse("none");
        }
    }

    /** Restores the root key from the escrow. */
    static final class Restore extends JsonRoute<EscrowRequest, RestoreResponse> {
        private final ShardRecovery recovery;

        Restore(ShardRecovery recovery, TrustRoots roots) {
            super(new RouteKey(PATH, "restore"), EscrowRequest.class, (caller, request) -> requireRole(roots, caller,
                    SpiffeRole.PILOT_RESTORE, "only the Pilot restore role may restore"));
            this.recovery = recovery;
        }

        @Override
        protected RestoreResponse act(ApiCall call, EscrowRequest request) {
            byte[] passphrase = passphrase(request);
            try {
                return recovery.restoreWithPassphrase(passphrase);
            } finally {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }
}
