package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.core.api.SpikeJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
    @TempDir
    Path tmp;

    @Test
    void humanStatusShowsStateKeepersAndProgress() {
        PilotHarness.Result status = new PilotHarness(tmp).run("status");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).isEqualTo("""
                State:     READY
                Backend:   sqlite
                Shamir:    any 2 of 3 shards rebuild the root key
                Sharing:   generation 1
                Recovery:  no recovery files taken yet: run hack/spire-server-entry-recover-register.sh, then `spike recover`
                Restore:   0 shards collected, 2 remaining

                KEEPER  URL                     REACHABLE  HOLDS SHARD
                1       https://localhost:8443  yes        yes
                2       https://localhost:8543  yes        yes
                3       https://localhost:8643  no         no
                """);
    }

    @Test
    void aStatusThatNeedsARestoreSaysWhatToRun() {
        PilotHarness spike = new PilotHarness(tmp);
        spike.nexus().state("RESTORE_REQUIRED");
        String out = spike.run("status").out();
        assertThat(out).startsWith("State:     RESTORE_REQUIRED\n")
                .endsWith("\nThe Keepers cannot rebuild the root key any more: run"
                        + " hack/spire-server-entry-restore-register.sh, then `spike restore` once per recovery shard.\n");
    }

    @Test
    void jsonAndYamlStatusAreTheStatusObject() throws Exception {
        PilotHarness spike = new PilotHarness(tmp);
        JsonNode json = SpikeJson.mapper().readTree(spike.run("status", "--format", "json").out());
        assertThat(json.get("state").asText()).isEqualTo("READY");
        assertThat(json.get("shamir").get("threshold").asInt()).isEqualTo(2);
        assertThat(json.get("keepers")).hasSize(3);
        assertThat(json.get("restore").get("remaining").asInt()).isEqualTo(2);
        assertThat(json.get("badShards")).isEmpty();
        assertThat(json.get("sharing").get("generation").asInt()).isEqualTo(1);
        assertThat(json.get("sharing").get("recoveryFiles").asText()).isEqualTo("none");
        assertThat(spike.run("status", "--format", "YAML").out()).startsWith("state: READY\nbackend: sqlite\nshamir:\n  shares: 3\n");
    }
}
