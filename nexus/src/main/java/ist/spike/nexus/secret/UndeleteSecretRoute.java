package ist.spike.nexus.secret;

import ist.spike.core.api.Empty;
import ist.spike.core.api.SecretMessages.VersionsRequest;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.policy.Guards;
import ist.spike.nexus.policy.Permission;

/** {@code POST /v1/store/secrets?action=undelete}: undoes soft deletes; needs {@code write}. */
public final class UndeleteSecretRoute extends JsonRoute<VersionsRequest, Empty> {
    private final SecretService secrets;

    public UndeleteSecretRoute(SecretService secrets, Guards guards) {
        super(new RouteKey("/v1/store/secrets", "undelete"), VersionsRequest.class,
                guards.onPath(VersionsRequest::path, Permission.WRITE));
        this.secrets = secrets;
    }

    @Override
    protected String auditPath(VersionsRequest request) {
        SecretVersions.requireVersions(request.versions());
        return SecretPaths.requirePath(request.path());
    }

    @Override
    protected Empty act(ApiCall call, VersionsRequest request) {
        secrets.undelete(request.path(), SecretVersions.requireVersions(request.versions()));
        return Empty.INSTANCE;
    }
}
