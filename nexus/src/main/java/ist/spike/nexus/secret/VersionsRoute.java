package ist.spike.nexus.secret;

import ist.spike.core.api.Empty;
import ist.spike.core.api.SecretMessages.VersionsRequest;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.policy.Guards;
import ist.spike.nexus.policy.Permission;
import java.util.List;

/** A route that marks versions of a secret ({@code {"path","versions":[int]}}, empty = current); needs {@code write}. */
abstract class VersionsRoute extends JsonRoute<VersionsRequest, Empty> {
    private final SecretService secrets;

    VersionsRoute(String action, SecretService secrets, Guards guards) {
        super(new RouteKey("/v1/store/secrets", action), VersionsRequest.class,
                guards.onPath(VersionsRequest::path, Permission.WRITE));
        this.secrets = secrets;
    }

    @Override
    protected final String auditPath(VersionsRequest request) {
        SecretVersions.requireVersions(request.versions());
        return SecretPaths.requirePath(request.path());
    }

    @Override
    protected final Empty act(ApiCall call, VersionsRequest request) {
        apply(secrets, request.path(), SecretVersions.requireVersions(request.versions()));
        return Empty.INSTANCE;
    }

    protected abstract void apply(SecretService secrets, String path, List<Integer> versions);
}
