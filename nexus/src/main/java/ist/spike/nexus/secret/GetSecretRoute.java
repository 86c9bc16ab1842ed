package ist.spike.nexus.secret;

import ist.spike.core.api.SecretMessages.GetRequest;
import ist.spike.core.api.SecretMessages.GetResponse;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.core.server.WouldBlock;
import ist.spike.nexus.policy.Guards;
import ist.spike.nexus.policy.Permission;

/** {@code POST /v1/store/secrets?action=get}: a live version's data; needs {@code read}. */
public final class GetSecretRoute extends JsonRoute<GetRequest, GetResponse> {
    private final SecretService secrets;

    public GetSecretRoute(SecretService secrets, Guards guards) {
        super(new RouteKey("/v1/store/secrets", "get"), GetRequest.class, guards.onPath(GetRequest::path, Permission.READ));
        this.secrets = secrets;
    }

    /** A secret the store holds in memory is one map lookup and one decryption: tried on the spot. */
    @Override
    public boolean quick() {
        return true;
    }

    @Override
    protected String auditPath(GetRequest request) {
        SecretVersions.requireVersion(request.version());
        return SecretPaths.requirePath(request.path());
    }

    @Override
    protected GetResponse act(ApiCall call, GetRequest request) {
        int version = SecretVersions.orCurrent(request.version());
        if (!call.mayBlock()) {
            return new GetResponse(secrets.getInMemory(request.path(), version).orElseThrow(WouldBlock::new));
        }
        return new GetResponse(secrets.get(request.path(), version));
    }
}
