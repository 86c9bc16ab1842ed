package ist.spike.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up with bad agent state: a clear one-line message and exit 1, never a stack trace. */
class DevAgentStartupIT {
    @TempDir
    Path home;

    @Test
    void anUnreadableCaStopsTheAgentWithAMessage() throws Exception {
        AgentPaths paths = AgentPaths.underHome(home);
        Files.createDirectories(paths.dir());
        Files.writeString(paths.caKey(), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        Files.writeString(paths.caCertificate(), "garbage");
        AgentProcess.Result result = AgentProcess.run(home, "bin/spike-dev-agent", "run");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("cannot be read").contains("delete both to make a new CA")
                .doesNotContain("\tat ");
    }

    @Test
    void aBrokenEntriesFileAtStartIsAnError() throws Exception {
        AgentPaths paths = AgentPaths.underHome(home);
        Files.createDirectories(paths.dir());
        Files.writeString(paths.entries(), "[]");
        AgentProcess.Result result = AgentProcess.run(home, "bin/spike-dev-agent", "run");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("entries.json").doesNotContain("\tat ");
    }
}
