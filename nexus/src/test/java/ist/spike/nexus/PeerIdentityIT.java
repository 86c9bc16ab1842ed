package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.core.testing.SpikeSystem;
import ist.spike.nexus.recovery.KeeperClient;
import ist.spike.nexus.recovery.MtlsKeeperClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-cluster identities with real processes over real mTLS: a Keeper ({@code bin/spike-keeper})
 * that serves only its cluster's Nexus, and Nexus's Keeper clients that accept only the Keeper ID
 * expected at each URL. Anything else fails the handshake.
 */
class PeerIdentityIT {
    private static final String OUR_NEXUS = "spiffe://spike.ist/spike/nexus/team-a/vault";

    @TempDir
    static Path home;

    private static SpikeSystem system;
    private static SpikeSystem.Proc keeper;
    private static int keeperPort;
    private static X509Source nexusSvid;

    @BeforeAll
    static void start() throws Exception {
        system = new SpikeSystem(home);
        system.startAgent();
        keeperPort = SpikeSystem.freePort();
        int healthPort = SpikeSystem.freePort();
        keeper = system.start("keeper", Map.of(
                "SPIKE_SYSTEM_LOG_LEVEL", "INFO",
                "SPIFFE_ENDPOINT_SOCKET", "unix://" + system.agentSocket("keeper"),
                "SPIKE_KEEPER_TLS_PORT", "127.0.0.1:" + keeperPort,
                "SPIKE_KEEPER_HEALTH_PORT", "127.0.0.1:" + healthPort,
                "SPIKE_KEEPER_NEXUS_IDS", OUR_NEXUS), "bin/spike-keeper");
        SpikeSystem.awaitOrFail(keeper, Duration.ofSeconds(30), () -> {
            var r = SpikeSystem.health(healthPort, "/readyz");
            return r != null && r.statusCode() == 200;
        });
        // The dev agent's nexus entry: spiffe://spike.ist/spike/nexus, a Nexus, but not this cluster's.
        nexusSvid = WorkloadApi.x509Source("unix://" + system.agentSocket("nexus"), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        nexusSvid.close();
        system.close();
    }

    /** Nexus's client of the one Keeper, configured as the operator configures it. */
    private static KeeperClient keeper(String expectedKeeperId) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", home.toString(),
                "SPIKE_NEXUS_BACKEND_STORE", "memory",
                "SPIKE_NEXUS_KEEPER_PEERS", "https://localhost:" + keeperPort));
        if (expectedKeeperId != null) {
            env.put("SPIKE_NEXUS_KEEPER_IDS", expectedKeeperId);
        }
        List<KeeperClient> clients = MtlsKeeperClient.forPeers(NexusConfig.fromEnvironment(env), nexusSvid,
                Duration.ofSeconds(5));
        return clients.get(0);
    }

    @Test
    void aKeeperServesOnlyItsOwnClustersNexusAndNexusOnlyTheKeeperExpectedAtEachUrl() throws Exception {
        // The real process serves its API with BoringSSL (a silent fallback to the JDK would show here).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(keeper.logText()).contains("TLS 1.3 by BoringSSL"));
        // Another cluster's Nexus (here: the plain ID) is refused by the Keeper.
        assertThatThrownBy(() -> keeper(null).fetch()).as("a Nexus the Keeper does not serve").isInstanceOf(RuntimeException.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(keeper.logText())
                .containsPattern("TLS handshake from /127\\.0\\.0\\.1:\\d+ failed"));

        system.run("bin/spike-dev-agent", "entry", "set", "nexus", "--spiffe-id", OUR_NEXUS);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                nexusSvid.getX509Svid().getSpiffeId().toString().equals(OUR_NEXUS));

        // Its own Nexus is served: no shard yet.
        assertThat(keeper(null).fetch()).isEmpty();
        assertThat(keeper("spiffe://spike.ist/spike/keeper").fetch()).isEmpty();
        // Nexus refuses a Keeper that is not the one expected at this URL (the agent's Keeper is
        // spiffe://spike.ist/spike/keeper, not team-a/vault's pod 0).
        assertThatThrownBy(() -> keeper("spiffe://spike.ist/spike/keeper/team-a/vault/vault-keeper-0").fetch())
                .as("another Keeper at this URL").isInstanceOf(RuntimeException.class);

        // The Keeper's SVID changes (rotation, here to another ID): its TLS presents the new one to
        // new connections without a restart.
        system.run("bin/spike-dev-agent", "entry", "set", "keeper", "--spiffe-id",
                "spiffe://spike.ist/spike/keeper/team-a/vault/vault-keeper-0");
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() ->
                assertThat(keeper("spiffe://spike.ist/spike/keeper/team-a/vault/vault-keeper-0").fetch()).isEmpty());
        assertThatThrownBy(() -> keeper("spiffe://spike.ist/spike/keeper").fetch())
                .as("the Keeper's former SVID").isInstanceOf(RuntimeException.class);
    }
}
