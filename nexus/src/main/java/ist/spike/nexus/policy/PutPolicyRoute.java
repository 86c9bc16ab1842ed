package ist.spike.nexus.policy;

import ist.spike.core.api.Empty;
import ist.spike.core.api.PolicyMessages.PutRequest;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;

/** {@code POST /v1/acl/policy}: creates or replaces a policy; needs {@code write} on {@code spike/system/acl}. */
public final class PutPolicyRoute extends JsonRoute<PutRequest, Empty> {
    private final PolicyService policies;

    public PutPolicyRoute(PolicyService policies, Guards guards) {
        super(RouteKey.of("/v1/acl/policy"), PutRequest.class, guards.onSystemPath(Authorizer.ACL_PATH, Permission.WRITE));
        this.policies = policies;
    }

    @Override
    protected String auditPath(PutRequest request) {
        return request.name() == null ? "" : ist.spike.nexus.secret.SecretPaths.requireName("a policy name", request.name());
    }

    @Override
    protected Empty act(ApiCall call, PutRequest request) {
        policies.upsert(request.name(), request.spiffeidPattern(), request.pathPattern(), request.permissions());
        return Empty.INSTANCE;
    }
}
