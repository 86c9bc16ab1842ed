package ist.spike.nexus;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.server.CallerGate;
import ist.spike.core.server.HealthServer;
import ist.spike.core.server.MtlsJsonServer;
import ist.spike.core.server.RequestMetrics;
import ist.spike.core.server.Router;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.nexus.policy.Authorizer;
import ist.spike.nexus.policy.Guards;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.policy.PolicyStore;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.SecretStore;
import ist.spike.nexus.recovery.CommitmentsRoute;
import ist.spike.nexus.recovery.ShardRecovery;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.status.NexusStatusReport;
import ist.spike.nexus.status.StatusRoute;
import java.time.Clock;
import ist.spike.core.api.StatusMessages.KeyringInfo;
import ist.spike.core.api.StatusMessages.RewrapInfo;
import ist.spike.nexus.keyring.Keyring;
import ist.spike.nexus.keyring.Rewrap;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A running Nexus: the mTLS API and the health port over the secret and policy services. Built by
 * {@code main} (or a test) from a config, an SVID source, stores and the root key.
 */
public final class Nexus implements AutoCloseable {
    private final MtlsJsonServer api;
    private final HealthServer health;

    /**
     * The stores a backend provides.
     *
     * @param keyring the data keys rows are sealed with (SQLite); empty for the memory backend
     * @param rewrap the background re-sealing after a rotation; empty with no keyring
     */
    public record Stores(SecretStore secrets, PolicyStore policies, Optional<Keyring> keyring, Optional<Rewrap> rewrap) {
        /** Stores without a keyring. */
        public Stores(SecretStore secrets, PolicyStore policies) {
            this(secrets, policies, Optional.empty(), Optional.empty());
        }

        /** The keyring's status, once the root key is in memory. */
        KeyringInfo keyringInfo(RootKey rootKey) {
            if (keyring.isEmpty() || rootKey.state() != ist.spike.nexus.state.NexusState.READY) {
                return null;
            }
            return new KeyringInfo(keyring.get().state().current(),
                    new RewrapInfo(rewrap.map(Rewrap::remaining).orElse(0L)));
        }
    }

    public Nexus(NexusConfig config, X509Source source, Stores stores, RootKey rootKey, ShardRecovery recovery) {
        RequestMetrics metrics = new RequestMetrics("spike_nexus");
        NexusStatusReport status = new NexusStatusReport(config, rootKey, metrics, recovery, stores.policies()::damaged,
                () -> stores.keyringInfo(rootKey));
        Router router = router(config, stores, rootKey, status, metrics, recovery);
        // Nexus accepts any SVID of a trusted domain at the handshake and authorizes per route.
        api = new MtlsJsonServer(MtlsJsonServer.Options.defaults(config.tlsAddress()),
                source, MtlsContexts.inTrustDomains(trustedDomains(config)), router);
        health = new HealthServer(config.healthAddress(), status);
    }

    /** The API without its transport: services, guards and routes over {@code stores}. */
    public static Router router(NexusConfig config, Stores stores, RootKey rootKey, NexusStatusReport status,
                                RequestMetrics metrics, ShardRecovery recovery) {
        PolicyService policies = new PolicyService(stores.policies(), Clock.systemUTC());
        Authorizer authorizer = new Authorizer(config.trustRoots(), policies);
        Guards guards = new Guards(rootKey, authorizer);
        SecretService secrets = new SecretService(stores.secrets(), Clock.systemUTC(), config.maxSecretVersions());
        // Security: a caller with no role and no policy may read /v1/status and the public commitments and
        // nothing else, so it never gets to send any other body (both take an empty one).
        CallerGate gate = (caller, key) -> key.equals(StatusRoute.KEY) || key.equals(CommitmentsRoute.KEY)
                || authorizer.mayCallAtAll(caller);
        return new Router(NexusRoutes.all(secrets, policies, guards, status, trustedDomains(config), recovery,
                stores.keyring(),
                config.trustRoots()), metrics, gate);
    }

    /** Every trust domain any role may come from. */
    static Set<String> trustedDomains(NexusConfig config) {
        return Arrays.stream(SpiffeRole.values())
                .flatMap(r -> config.trustRoots().domainsOf(r).stream())
                .collect(Collectors.toUnmodifiableSet());
    }

    public void start() {
        health.start();
        api.start();
    }

    @Override
    public void close() {
        api.close();
        health.close();
    }
}
