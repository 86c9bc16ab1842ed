package ist.spike.nexus.secret;

import ist.spike.nexus.policy.Guards;
import java.util.List;

/** {@code POST /v1/store/secrets?action=undelete}: undoes soft deletes; needs {@code write}. */
public final class UndeleteSecretRoute extends VersionsRoute {
    public UndeleteSecretRoute(SecretService secrets, Guards guards) {
        super("undelete", secrets, guards);
    }

    @Override
    protected void apply(SecretService secrets, String path, List<Integer> versions) {
        secrets.undelete(path, versions);
    }
}
