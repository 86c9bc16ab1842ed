package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NexusConfigTest {
    private static final Map<String, String> HOME = Map.of("HOME", "/home/spike");

    private static Map<String, String> with(String variable, String value) {
        return Map.of("HOME", "/home/spike", variable, value);
    }

    @Test
    void defaultsFollowTheDesign() {
        NexusConfig config = NexusConfig.fromEnvironment(HOME);

        assertThat(config.backend()).isEqualTo(NexusConfig.Backend.SQLITE);
        assertThat(config.databaseFile()).hasToString("/home/spike/.spike/data/spike.db");
        assertThat(config.keeperPeers()).hasSize(3);
        assertThat(config.keeperUpdateInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theKeeperUpdateIntervalTakesUnitsAndIso() {
        assertThat(NexusConfig.fromEnvironment(with("SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", "250ms")).keeperUpdateInterval())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(NexusConfig.fromEnvironment(with("SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", "PT1M")).keeperUpdateInterval())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void keeperIIsExpectedToBeExactlyItsAllowListedIdAtUrlI() {
        String ids = "spiffe://spike.ist/spike/keeper/ns/one/one-keeper-0,spiffe://spike.ist/spike/keeper/ns/one/one-keeper-1,"
                + "spiffe://spike.ist/spike/keeper/ns/one/one-keeper-2";
        NexusConfig config = NexusConfig.fromEnvironment(with("SPIKE_NEXUS_KEEPER_IDS", ids));

        assertThat(config.keeperAt(1)).accepts(SpiffeId.parse("spiffe://spike.ist/spike/keeper/ns/one/one-keeper-1"))
                .rejects(SpiffeId.parse("spiffe://spike.ist/spike/keeper/ns/one/one-keeper-0"),
                        SpiffeId.parse("spiffe://spike.ist/spike/keeper/ns/two/two-keeper-1"),
                        SpiffeId.parse("spiffe://spike.ist/spike/keeper"));
        assertThat(NexusConfig.fromEnvironment(HOME).keeperAt(2))
                .accepts(SpiffeId.parse("spiffe://spike.ist/spike/keeper"), SpiffeId.parse("spiffe://spike.ist/spike/keeper/x"))
                .rejects(SpiffeId.parse("spiffe://spike.ist/spike/nexus"));
    }

    @Test
    void pilotIdsRestrictEachPilotRoleToItsListedIds() {
        String ids = "spiffe://spike.ist/spike/pilot/role/superuser/ns/one,spiffe://spike.ist/spike/pilot/role/restore/ns/one";
        TrustRoots roots = NexusConfig.fromEnvironment(with("SPIKE_NEXUS_PILOT_IDS", ids)).trustRoots();

        assertThat(roots.hasRole(SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/superuser/ns/one"),
                SpiffeRole.PILOT_SUPERUSER)).isTrue();
        assertThat(roots.hasRole(SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/restore/ns/one"),
                SpiffeRole.PILOT_RESTORE)).isTrue();
        // Another cluster's Pilot, the plain role ID, and a role with no listed ID at all.
        assertThat(roots.hasRole(SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/superuser/ns/two"),
                SpiffeRole.PILOT_SUPERUSER)).isFalse();
        assertThat(roots.hasRole(SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/superuser"),
                SpiffeRole.PILOT_SUPERUSER)).isFalse();
        assertThat(roots.hasRole(SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/recover/ns/one"),
                SpiffeRole.PILOT_RECOVER)).isFalse();
        // Other roles keep matching by base.
        assertThat(roots.hasRole(SpiffeId.parse("spiffe://spike.ist/spike/workload/role/lite/x"),
                SpiffeRole.LITE_WORKLOAD)).isTrue();
        // Unset: every ID under a role base, as upstream.
        assertThat(NexusConfig.fromEnvironment(HOME).trustRoots().hasRole(
                SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/superuser/ns/two"), SpiffeRole.PILOT_SUPERUSER)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "SPIKE_NEXUS_PILOT_IDS, spiffe://spike.ist/spike/keeper/a, SPIKE_NEXUS_PILOT_IDS: spiffe://spike.ist/spike/keeper/a is not a pilot",
        "SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL, soon, SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL: 'soon' is not a duration",
        "SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL, 0s, SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL: '0s' is not a duration",
        "SPIKE_NEXUS_BACKEND_STORE, postgres, SPIKE_NEXUS_BACKEND_STORE",
        "SPIKE_NEXUS_KEEPER_PEERS, http://k:1, must be an https:// URL",
        "SPIKE_NEXUS_SHAMIR_SHARES, 4, give one Keeper per share",
        "SPIKE_NEXUS_KEEPER_IDS, spiffe://spike.ist/spike/keeper/a, names 1 IDs for 3",
        "SPIKE_NEXUS_KEEPER_IDS, spiffe://spike.ist/spike/nexus/a, SPIKE_NEXUS_KEEPER_IDS: spiffe://spike.ist/spike/nexus/a is not a keeper ID"})
    void aBadValueNamesItsVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> NexusConfig.fromEnvironment(with(variable, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
