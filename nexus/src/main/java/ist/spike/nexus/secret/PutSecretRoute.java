package ist.spike.nexus.secret;

import ist.spike.core.api.Empty;
import ist.spike.core.api.SecretMessages.PutRequest;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.policy.Guards;
import ist.spike.nexus.policy.Permission;

/** {@code POST /v1/store/secrets}: adds a version; needs {@code write} on the path. */
public final class PutSecretRoute extends JsonRoute<PutRequest, Empty> {
    private final SecretService secrets;

    public PutSecretRoute(SecretService secrets, Guards guards) {
        super(RouteKey.of("/v1/store/secrets"), PutRequest.class, guards.onPath(PutRequest::path, Permission.WRITE));
        this.secrets = secrets;
    }

    @Override
    protected String auditPath(PutRequest request) {
        return SecretPaths.requirePath(request.path());
    }

    @Override
    protected Empty act(ApiCall call, PutRequest request) {
        secrets.put(request.path(), SecretPaths.requireValues(request.values()));
        return Empty.INSTANCE;
    }
}
