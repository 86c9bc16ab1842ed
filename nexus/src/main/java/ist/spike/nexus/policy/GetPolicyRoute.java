package ist.spike.nexus.policy;

import ist.spike.core.api.PolicyMessages;
import ist.spike.core.api.PolicyMessages.IdRequest;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.secret.SecretPaths;

/** {@code POST /v1/acl/policy?action=get}: one policy; needs {@code read} on {@code spike/system/acl}. */
public final class GetPolicyRoute extends JsonRoute<IdRequest, PolicyMessages.Policy> {
    private final PolicyService policies;

    public GetPolicyRoute(PolicyService policies, Guards guards) {
        super(new RouteKey("/v1/acl/policy", "get"), IdRequest.class, guards.onSystemPath(Authorizer.ACL_PATH, Permission.READ));
        this.policies = policies;
    }

    @Override
    protected String auditPath(IdRequest request) {
        return SecretPaths.requireName("a policy id", request.id());
    }

    @Override
    protected PolicyMessages.Policy act(ApiCall call, IdRequest request) {
        return PolicyWire.of(policies.get(request.id()));
    }
}
