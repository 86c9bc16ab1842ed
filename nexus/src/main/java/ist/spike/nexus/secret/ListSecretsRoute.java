package ist.spike.nexus.secret;

import ist.spike.core.api.Empty;
import ist.spike.core.api.SecretMessages.ListResponse;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.policy.Authorizer;
import ist.spike.nexus.policy.Guards;
import ist.spike.nexus.policy.Permission;

/** {@code POST /v1/store/secrets?action=list}: every path, sorted; needs {@code list} on {@code spike/system/secret}. */
public final class ListSecretsRoute extends JsonRoute<Empty, ListResponse> {
    private final SecretService secrets;

    public ListSecretsRoute(SecretService secrets, Guards guards) {
        super(new RouteKey("/v1/store/secrets", "list"), Empty.class,
                guards.onSystemPath(Authorizer.SECRET_LIST_PATH, Permission.LIST));
        this.secrets = secrets;
    }

    @Override
    protected ListResponse act(ApiCall call, Empty request) {
        return new ListResponse(secrets.paths());
    }
}
