package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ist.spike.core.testing.SpikeSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardened machines mount {@code /tmp} noexec, and native libraries extracted there cannot load
 * (gRPC's epoll transport, SQLite's driver). The whole local SPIKE runs here with its
 * {@code java.io.tmpdir} on a noexec tmpfs (mounting one needs root, as CI runs; skipped otherwise).
 */
class NoTmpIT {
    @TempDir
    Path home;

    private SpikeSystem system;
    private Map<String, String> env;
    private Path noexec;

    @AfterEach
    void stop() throws Exception {
        if (system != null) {
            system.run(env, null, "hack/stop.sh");
        }
        if (noexec != null) {
            new ProcessBuilder("umount", noexec.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void agentKeepersNexusAndPilotRunWithANoexecTmp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a noexec tmpfs needs root");
        Path dir = Files.createDirectory(home.resolve("noexec-tmp"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "noexec,size=64m", "tmpfs", dir.toString())
                .inheritIO().start();
        assumeTrue(mount.waitFor() == 0, "this machine cannot mount a tmpfs");
        noexec = dir;
        system = new SpikeSystem(home);
        int api = SpikeSystem.freePort();
        env = Map.of("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + api,
                "SPIKE_NEXUS_HEALTH_PORT", "127.0.0.1:" + SpikeSystem.freePort(),
                "SPIKE_NEXUS_API_URL", "https://localhost:" + api,
                "SPIKE_KEEPER_PORTS", SpikeSystem.freeKeeperPorts(),
                "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + noexec);

        SpikeSystem.Result started = system.run(env, null, "hack/start.sh");
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(system.run(env, null, "bin/spike", "secret", "put", "apps/db", "k=v").exitCode()).isZero();
        assertThat(system.run(env, null, "bin/spike", "secret", "get", "apps/db", "k").stdout()).contains("v");
        // BoringSSL came from target/native too, not from a copy in the temporary directory.
        for (String piece : new String[] {"nexus", "keeper-1"}) {
            assertThat(Files.readString(home.resolve(".spike/logs/" + piece + ".log"))).doesNotContain("BoringSSL did not load");
        }
    }
}
