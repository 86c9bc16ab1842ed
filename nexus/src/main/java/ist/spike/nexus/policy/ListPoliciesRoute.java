package ist.spike.nexus.policy;

import ist.spike.core.api.PolicyMessages.ListRequest;
import ist.spike.core.api.PolicyMessages.ListResponse;
import ist.spike.core.api.PolicyMessages.Summary;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;

/** {@code POST /v1/acl/policy?action=list}: policy IDs and names; needs {@code list} on {@code spike/system/acl}. */
public final class ListPoliciesRoute extends JsonRoute<ListRequest, ListResponse> {
    private final PolicyService policies;

    public ListPoliciesRoute(PolicyService policies, Guards guards) {
        super(new RouteKey("/v1/acl/policy", "list"), ListRequest.class, guards.onSystemPath(Authorizer.ACL_PATH, Permission.LIST));
        this.policies = policies;
    }

    @Override
    protected ListResponse act(ApiCall call, ListRequest request) {
        return new ListResponse(policies.list(request.spiffeidPattern(), request.pathPattern()).stream()
                .map(p -> new Summary(p.id(), p.name())).toList());
    }
}
