package ist.spike.nexus.secret;

import ist.spike.nexus.policy.Guards;
import java.util.List;

/** {@code POST /v1/store/secrets?action=delete}: soft-deletes versions; needs {@code write}. */
public final class DeleteSecretRoute extends VersionsRoute {
    public DeleteSecretRoute(SecretService secrets, Guards guards) {
        super("delete", secrets, guards);
    }

    @Override
    protected void apply(SecretService secrets, String path, List<Integer> versions) {
        secrets.delete(path, versions);
    }
}
