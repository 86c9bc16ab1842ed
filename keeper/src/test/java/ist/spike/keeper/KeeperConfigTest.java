package ist.spike.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.server.RequestMetrics;
import ist.spike.core.server.Router;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A Keeper in a SpikeCluster serves its own cluster's Nexus only; alone, any Nexus. */
class KeeperConfigTest {
    private static final SpiffeId PLAIN = SpiffeId.parse("spiffe://spike.ist/spike/nexus");
    private static final SpiffeId MINE = SpiffeId.parse("spiffe://spike.ist/spike/nexus/team-a/vault");
    private static final SpiffeId OTHER_CLUSTER = SpiffeId.parse("spiffe://spike.ist/spike/nexus/team-b/vault");

    @Test
    void withoutAnAllowListAnyNexusIsServed() {
        KeeperConfig config = KeeperConfig.fromEnvironment(Map.of());
        assertThat(config.nexusIds()).isEmpty();
        assertThat(config.nexus()).accepts(PLAIN, MINE, OTHER_CLUSTER)
                .rejects(SpiffeId.parse("spiffe://spike.ist/spike/keeper/x"), SpiffeId.parse("spiffe://evil.org/spike/nexus"));
    }

    @Test
    void withAnAllowListOnlyItsNexusIsServedAtTheRouteToo() {
        KeeperConfig config = KeeperConfig.fromEnvironment(Map.of("SPIKE_KEEPER_NEXUS_IDS", " " + MINE + " "));
        assertThat(config.nexus()).accepts(MINE).rejects(PLAIN, OTHER_CLUSTER);

        Router router = Keeper.router(config.nexus(), new ShardHolder(), new RequestMetrics("spike_keeper"));
        assertThat(router.dispatch("POST", "/v1/store/shard", "", OTHER_CLUSTER, "application/json",
                "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(401);
        assertThat(router.dispatch("POST", "/v1/store/shard", "", MINE, "application/json",
                "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(404);
        assertThat(router.preflight("POST", "/v1/store/contribute", "", OTHER_CLUSTER)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"spiffe://spike.ist/spike/keeper/x", "spiffe://other.org/spike/nexus/a/b", "not an id",
        "spiffe://spike.ist/spike/nexusx"})
    void anAllowListEntryMustBeANexusIdOfATrustedDomain(String entry) {
        assertThatThrownBy(() -> KeeperConfig.fromEnvironment(Map.of("SPIKE_KEEPER_NEXUS_IDS", entry)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SPIKE_KEEPER_NEXUS_IDS: ");
    }
}
