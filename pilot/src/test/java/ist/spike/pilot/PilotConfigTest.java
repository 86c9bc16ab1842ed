package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.pilot.failure.ExitCode;
import ist.spike.pilot.failure.PilotException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PilotConfigTest {
    @Test
    void defaultsFollowTheDesign() {
        PilotConfig config = PilotConfig.fromEnvironment(Map.of("HOME", "/home/u"));
        assertThat(config.nexusUrl()).isEqualTo(URI.create("https://localhost:8553"));
        assertThat(config.workloadSocket()).isEqualTo("unix:///tmp/spire-agent/public/api.sock");
        assertThat(config.recoveryDir()).isEqualTo(Path.of("/home/u/.spike/recover"));
        assertThat(config.trustRoots().domainsOf(SpiffeRole.NEXUS)).containsExactly("spike.ist");
    }

    @Test
    void everyVariableIsHonoured() {
        PilotConfig config = PilotConfig.fromEnvironment(Map.of(
                "HOME", "/home/u",
                "SPIKE_NEXUS_API_URL", "https://nexus.example:9553/",
                "SPIFFE_ENDPOINT_SOCKET", "/run/agent.sock",
                "SPIKE_PILOT_RECOVERY_DIR", "/secure/shards",
                "SPIKE_TRUST_ROOT_NEXUS", "a.example, b.example"));
        assertThat(config.nexusUrl()).isEqualTo(URI.create("https://nexus.example:9553/"));
        assertThat(config.workloadSocket()).isEqualTo("unix:///run/agent.sock");
        assertThat(config.recoveryDir()).isEqualTo(Path.of("/secure/shards"));
        assertThat(config.trustRoots().domainsOf(SpiffeRole.NEXUS)).containsExactlyInAnyOrder("a.example", "b.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8553", "localhost:8553", "https://", "https://host/v1", "https://u@host",
        "https://host?x=1", "not a url"})
    void nexusUrlsThatAreNotABareHttpsAddressAreRefusedNamingTheVariable(String url) {
        assertThatThrownBy(() -> PilotConfig.fromEnvironment(Map.of("SPIKE_NEXUS_API_URL", url)))
                .isInstanceOf(PilotException.class)
                .hasMessageStartingWith("SPIKE_NEXUS_API_URL is '" + url + "'")
                .satisfies(e -> assertThat(((PilotException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void nexusIdsNarrowTheNexusToTalkTo() {
        PilotConfig config = PilotConfig.fromEnvironment(Map.of("SPIKE_PILOT_NEXUS_IDS", "spiffe://spike.ist/spike/nexus/ns/one"));
        assertThat(config.nexus()).accepts(SpiffeId.parse("spiffe://spike.ist/spike/nexus/ns/one"))
                .rejects(SpiffeId.parse("spiffe://spike.ist/spike/nexus"), SpiffeId.parse("spiffe://spike.ist/spike/nexus/ns/two"));
        assertThat(PilotConfig.fromEnvironment(Map.of()).nexus()).accepts(SpiffeId.parse("spiffe://spike.ist/spike/nexus/ns/two"));
        assertThatThrownBy(() -> PilotConfig.fromEnvironment(Map.of("SPIKE_PILOT_NEXUS_IDS", "spiffe://spike.ist/spike/keeper")))
                .isInstanceOf(PilotException.class).hasMessageStartingWith("SPIKE_PILOT_NEXUS_IDS: ");
    }

    @Test
    void aBadTrustDomainNamesItsVariable() {
        assertThatThrownBy(() -> PilotConfig.fromEnvironment(Map.of("SPIKE_TRUST_ROOT_NEXUS", "Not A Domain!")))
                .isInstanceOf(PilotException.class)
                .hasMessageContaining("SPIKE_TRUST_ROOT_NEXUS");
    }
}
