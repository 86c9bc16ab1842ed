package ist.spike.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hack/start.sh and hack/stop.sh as a user runs them, under a temporary HOME. */
class HackScriptsIT {
    @TempDir
    Path home;

    @AfterEach
    void stopEverything() throws Exception {
        AgentProcess.run(home, "hack/stop.sh", "agent");
    }

    @Test
    void startIsIdempotentReplacesStalePidFilesAndStopCleansUp() throws Exception {
        // Only the agent: the other pieces' jars are built after this module.
        AgentProcess.Result started = AgentProcess.run(home, "hack/start.sh", "agent");
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("agent: started");
        Path pidFile = home.resolve(".spike/run/agent.pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(UnixSocketServer.isLive(AgentProcess.pilotSocket(home))).isTrue();
        assertThat(Files.exists(home.resolve(".spike/logs/agent.log"))).isTrue();
        // Logs and pid files are the user's alone, whatever the umask of the shell that ran start.sh.
        for (Path file : List.of(pidFile, home.resolve(".spike/logs/agent.log"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("%s", file)
                    .isEqualTo("rw-------");
        }

        AgentProcess.Result again = AgentProcess.run(home, "hack/start.sh", "agent");
        assertThat(again.output()).contains("agent: already running (pid " + pid + ")");

        ProcessHandle agentProcess = ProcessHandle.of(pid).orElseThrow();
        agentProcess.destroyForcibly();
        agentProcess.onExit().get();
        AgentProcess.Result restarted = AgentProcess.run(home, "hack/start.sh", "agent");
        assertThat(restarted.exitCode()).as(restarted.output()).isZero();
        assertThat(restarted.output()).contains("agent: started");
        assertThat(Long.parseLong(Files.readString(pidFile).strip())).isNotEqualTo(pid);

        AgentProcess.Result stopped = AgentProcess.run(home, "hack/stop.sh", "agent");
        assertThat(stopped.output()).contains("agent: stopped");
        assertThat(pidFile).doesNotExist();
        assertThat(AgentProcess.pilotSocket(home)).doesNotExist();
    }

    @Test
    void unknownPiecesAreRefusedWithoutStartingAnything() throws Exception {
        AgentProcess.Result result = AgentProcess.run(home, "hack/start.sh", "nexsu");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("unknown piece 'nexsu'");
        assertThat(home.resolve(".spike/run/agent.pid")).doesNotExist();
    }
}
