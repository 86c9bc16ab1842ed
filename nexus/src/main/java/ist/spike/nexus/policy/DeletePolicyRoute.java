package ist.spike.nexus.policy;

import ist.spike.core.api.Empty;
import ist.spike.core.api.PolicyMessages.IdRequest;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.secret.SecretPaths;

/** {@code POST /v1/acl/policy?action=delete}: removes a policy; needs {@code write} on {@code spike/system/acl}. */
public final class DeletePolicyRoute extends JsonRoute<IdRequest, Empty> {
    private final PolicyService policies;

    public DeletePolicyRoute(PolicyService policies, Guards guards) {
        super(new RouteKey("/v1/acl/policy", "delete"), IdRequest.class, guards.onSystemPath(Authorizer.ACL_PATH, Permission.WRITE));
        this.policies = policies;
    }

    @Override
    protected String auditPath(IdRequest request) {
        return SecretPaths.requireName("a policy id", request.id());
    }

    @Override
    protected Empty act(ApiCall call, IdRequest request) {
        policies.delete(request.id());
        return Empty.INSTANCE;
    }
}
