package ist.spike.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorConfigTest {
    @Test
    void defaultsWatchEverythingWithLeaderElectionAndServerSideApply() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());

        assertThat(config.namespaces()).isEmpty();
        assertThat(config.healthPort()).isEqualTo(8080);
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.serverSideApply()).isTrue();
        assertThat(config.nexusPollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.nexusStatusUrl()).isEqualTo("http://{name}-nexus.{namespace}.svc:8554/status");
    }

    @Test
    void readsEverySetting() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
                "SPIKE_OPERATOR_NAMESPACES", "team-a, team-b,",
                "SPIKE_OPERATOR_HEALTH_PORT", ":9090",
                "SPIKE_OPERATOR_LEADER_ELECTION", "false",
                "SPIKE_OPERATOR_SERVER_SIDE_APPLY", "FALSE",
                "SPIKE_OPERATOR_LEASE_NAMESPACE", "ops",
                "SPIKE_OPERATOR_NEXUS_POLL_INTERVAL", "250ms"));

        assertThat(config.namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(config.healthPort()).isEqualTo(9090);
        assertThat(config.leaderElection()).isFalse();
        assertThat(config.serverSideApply()).isFalse();
        assertThat(config.leaseNamespace()).isEqualTo("ops");
        assertThat(config.nexusPollInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @ParameterizedTest
    @CsvSource({
        "SPIKE_OPERATOR_HEALTH_PORT,         eighty,  SPIKE_OPERATOR_HEALTH_PORT must look like :8080",
        "SPIKE_OPERATOR_HEALTH_PORT,         :70000,  SPIKE_OPERATOR_HEALTH_PORT must be a port number",
        "SPIKE_OPERATOR_LEADER_ELECTION,     yes,     SPIKE_OPERATOR_LEADER_ELECTION must be true or false",
        "SPIKE_OPERATOR_NEXUS_POLL_INTERVAL, 5,       SPIKE_OPERATOR_NEXUS_POLL_INTERVAL must look like",
        "SPIKE_OPERATOR_NEXUS_POLL_INTERVAL, 0s,      SPIKE_OPERATOR_NEXUS_POLL_INTERVAL must be positive",
    })
    void badSettingsNameTheVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }
}
