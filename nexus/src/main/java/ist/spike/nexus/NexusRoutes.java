package ist.spike.nexus;

import ist.spike.core.server.Route;
import ist.spike.nexus.cipher.DecryptRoute;
import ist.spike.nexus.cipher.EncryptRoute;
import ist.spike.nexus.policy.DeletePolicyRoute;
import ist.spike.nexus.policy.GetPolicyRoute;
import ist.spike.nexus.policy.Guards;
import ist.spike.nexus.policy.ListPoliciesRoute;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.policy.PutPolicyRoute;
import ist.spike.nexus.secret.DeleteSecretRoute;
import ist.spike.nexus.secret.GetSecretRoute;
import ist.spike.nexus.secret.ListSecretsRoute;
import ist.spike.nexus.secret.PutSecretRoute;
import ist.spike.nexus.secret.SecretMetadataRoute;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.UndeleteSecretRoute;
import ist.spike.nexus.status.NexusStatusReport;
import ist.spike.nexus.status.StatusRoute;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.nexus.recovery.CommitmentsRoute;
import ist.spike.nexus.recovery.RecoverRoute;
import ist.spike.nexus.recovery.RestoreRoute;
import ist.spike.nexus.recovery.ShardRecovery;
import java.util.List;
import java.util.Set;

/** The Nexus API of DESIGN §4: one route per action, each with its guard. */
public final class NexusRoutes {
    private NexusRoutes() {
    }

    public static List<Route> all(SecretService secrets, PolicyService policies, Guards guards,
                                  NexusStatusReport status, Set<String> trustDomains, ShardRecovery recovery,
                                  java.util.Optional<ist.spike.nexus.keyring.Keyring> keyring, TrustRoots roots) {
        List<Route> routes = new java.util.ArrayList<>(List.of(
                new RecoverRoute(recovery, roots),
                new RestoreRoute(recovery, roots),
                new CommitmentsRoute(recovery, trustDomains),
                new ist.spike.nexus.keyring.RotateRoute(keyring, guards),
                new ist.spike.nexus.recovery.RekeyRoute(recovery, guards),
                new PutSecretRoute(secrets, guards),
                new GetSecretRoute(secrets, guards),
                new DeleteSecretRoute(secrets, guards),
                new UndeleteSecretRoute(secrets, guards),
                new ListSecretsRoute(secrets, guards),
                new SecretMetadataRoute(secrets, guards),
                new PutPolicyRoute(policies, guards),
                new GetPolicyRoute(policies, guards),
                new DeletePolicyRoute(policies, guards),
                new ListPoliciesRoute(policies, guards),
                new EncryptRoute(guards),
                new DecryptRoute(guards, keyring),
                new StatusRoute(status, trustDomains)));
        routes.addAll(ist.spike.nexus.recovery.EscrowRoutes.all(recovery, roots));
        return List.copyOf(routes);
    }
}
