package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.core.testing.SpikeSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spike operator rekey} with real processes (issue 13), on a local SPIKE (2 of 3) from
 * {@code hack/start.sh}: Nexus killed with {@code kill -9} in the middle of a rekey (Keeper 3 held
 * with SIGSTOP, so no Keeper may switch yet: the point is exact) comes back by itself on the old key
 * and forgets the rekey; a rekey that completes survives a {@code kill -9} right after it; after
 * losing everything, the recovery files from before the rekey are refused with the reason and those
 * taken after it restore. Every secret, and what the cipher API sealed before the rekey, reads back
 * throughout. (A crash after T Keepers took the new key but before it was made current is exercised
 * in {@code RekeyTest}: no signal makes that point exact with real processes.)
 */
class RekeyDrillsIT {
    @TempDir
    Path home;

    private SpikeSystem system;
    private Map<String, String> env;
    private int healthPort;
    private final List<Long> stopped = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        system = new SpikeSystem(home);
        int apiPort = SpikeSystem.freePort();
        healthPort = SpikeSystem.freePort();
        env = new HashMap<>(Map.of(
                "SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + apiPort,
                "SPIKE_NEXUS_HEALTH_PORT", "127.0.0.1:" + healthPort,
                "SPIKE_NEXUS_API_URL", "https://localhost:" + apiPort,
                "SPIKE_KEEPER_PORTS", SpikeSystem.freeKeeperPorts(),
                "SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", "500ms",
                "SPIKE_SYSTEM_LOG_LEVEL", "INFO"));
        SpikeSystem.Result started = system.run(env, null, "hack/start.sh");
        assertThat(started.exitCode()).as(started.output()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        releaseAll();
        system.run(env, null, "hack/stop.sh");
        system.close();
    }

    @Test
    void nexusKilledMidRekeyKeepsTheOldKeyAndAfterARekeyOnlyNewFilesRestore() throws Exception {
        // Few secrets: each bin/spike call is a JVM start (~1.3 s); RekeyTest re-reads many rows.
        assertThat(spike(null, "secret", "put", "drill/rekey", "password=s3cret").exitCode()).isZero();
        Path plain = Files.writeString(home.resolve("plain.txt"), "sealed by the cipher API before the rekey");
        Path sealed = home.resolve("sealed.bin");
        assertThat(spike(null, "cipher", "encrypt", "--in", plain.toString(), "--out", sealed.toString()).exitCode())
                .isZero();
        List<String> before = recoveryFiles();

        // a) Killed mid-rekey: with Keeper 3 held, neither Keeper 1 nor 2 may switch (1 old shard left of 2
        //    needed, 1 new of 2 needed). Phase one is recorded; the new key exists only in Nexus's memory.
        hold("keeper-3");
        SpikeSystem.Result underWay = spike(null, "operator", "rekey");
        assertThat(underWay.exitCode()).as(underWay.output()).isZero();
        assertThat(underWay.stdout()).contains("Rekey under way: 0 of the 2 Keepers needed");
        awaitStatus("\"rekeying\":true", Duration.ofSeconds(5));
        SpikeSystem.Result refused = spike(null, "operator", "rotate");
        assertThat(refused.exitCode()).as("no new term while the keyring is sealed twice").isNotZero();
        assertThat(refused.stderr()).contains("a rekey is in progress");
        system.kill9("nexus");
        releaseAll();
        restartNexus();
        awaitStatus("\"rekeying\":false", Duration.ofSeconds(10));
        assertThat(status()).contains("\"generation\":1,").contains("\"recoveryFiles\":\"current\"")
                .contains("\"rekeyedAt\":null");
        assertReadsBack(plain, sealed);
        assertThat(Files.readString(home.resolve(".spike/logs/nexus.log"))).contains("rekey abandoned");

        // b) A rekey that completes, then kill -9 at once: the Keepers hold the new key, which comes back.
        SpikeSystem.Result rekeyed = spike(null, "operator", "rekey");
        assertThat(rekeyed.exitCode()).as(rekeyed.output()).isZero();
        // The abandoned rekey's generation was forgotten with its key: its number is taken again.
        assertThat(rekeyed.stdout()).contains("The root key is replaced: sharing generation 2")
                .contains("Recovery files taken before now no longer restore");
        system.kill9("nexus");
        restartNexus();
        awaitStatus("\"generation\":2,", Duration.ofSeconds(10));
        assertThat(status()).contains("\"recoveryFiles\":\"stale\"").doesNotContain("\"rekeyedAt\":null");
        assertReadsBack(plain, sealed);
        Path safe = home.resolve(".spike/recover");
        SpikeSystem.Result verifyOld = spike(null, "recover", "verify", safe.resolve("spike.recovery.1.txt").toString(),
                safe.resolve("spike.recovery.2.txt").toString());
        assertThat(verifyOld.exitCode()).as(verifyOld.output()).isEqualTo(1);
        assertThat(verifyOld.stdout()).contains("spike.recovery.1.txt: from before the rekey of ")
                .contains("no longer restores");
        assertThat(spike(null, "status").stdout()).contains("replaced by the rekey of");
        List<String> after = recoveryFiles();

        // Everything lost: a file from before the rekey is refused with the reason; the new ones restore.
        for (String piece : List.of("nexus", "keeper-1", "keeper-2", "keeper-3")) {
            system.kill9(piece);
        }
        SpikeSystem.Result restarted = system.run(env, null, "hack/start.sh");
        assertThat(restarted.stdout()).contains("RESTORE_REQUIRED");
        assertThat(system.run(env, null, "hack/spire-server-entry-restore-register.sh").exitCode()).isZero();
        Thread.sleep(1500);
        SpikeSystem.Result old = spike(before.get(0), "restore");
        assertThat(old.exitCode()).as(old.output()).isNotZero();
        assertThat(old.stderr()).contains("from before the rekey of").contains("use files taken after the rekey");
        assertThat(spike(after.get(1), "restore").stdout()).contains("Shards remaining: 1");
        SpikeSystem.Result last = spike(after.get(2), "restore");
        assertThat(last.stdout()).as(last.output()).contains("SPIKE is now restored and ready to use.");
        assertThat(system.run(env, null, "hack/spire-server-entry-su-register.sh").exitCode()).isZero();
        Thread.sleep(1500);
        awaitStatus("\"state\":\"READY\"", Duration.ofSeconds(5));
        assertReadsBack(plain, sealed);

        String log = Files.readString(home.resolve(".spike/logs/nexus.log"));
        for (String file : before) {
            assertThat(log).doesNotContain(file.substring(file.lastIndexOf(':') + 1));
        }
        for (String file : after) {
            assertThat(log).doesNotContain(file.substring(file.lastIndexOf(':') + 1));
        }
    }

    private List<String> recoveryFiles() throws Exception {
        assertThat(system.run(env, null, "hack/spire-server-entry-recover-register.sh").exitCode()).isZero();
        Thread.sleep(1500);
        SpikeSystem.Result recovered = spike(null, "recover");
        assertThat(recovered.exitCode()).as(recovered.output()).isZero();
        assertThat(system.run(env, null, "hack/spire-server-entry-su-register.sh").exitCode()).isZero();
        Thread.sleep(1500);
        List<String> files = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            files.add(Files.readString(home.resolve(".spike/recover/spike.recovery." + id + ".txt")));
        }
        awaitStatus("\"recoveryFiles\":\"current\"", Duration.ofSeconds(2));
        return files;
    }

    private void restartNexus() throws Exception {
        system.run(env, null, "hack/stop.sh", "nexus");
        SpikeSystem.Result started = system.run(env, null, "hack/start.sh", "nexus");
        assertThat(started.stdout()).as(started.output()).contains("nexus: READY");
    }

    private void assertReadsBack(Path plain, Path sealed) throws Exception {
        SpikeSystem.Result get = spike(null, "secret", "get", "drill/rekey", "password");
        assertThat(get.stdout().strip()).as(get.output()).isEqualTo("s3cret");
        Path opened = home.resolve("opened.txt");
        Files.deleteIfExists(opened);
        SpikeSystem.Result decrypt = spike(null, "cipher", "decrypt", "--in", sealed.toString(), "--out", opened.toString());
        assertThat(decrypt.exitCode()).as(decrypt.output()).isZero();
        assertThat(Files.readString(opened)).isEqualTo(Files.readString(plain));
    }

    private SpikeSystem.Result spike(String input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/spike"));
        cmd.addAll(List.of(args));
        return system.run(env, input, cmd.toArray(String[]::new));
    }

    /** Freezes a piece started by hack/start.sh (SIGSTOP): calls to it hang until released. */
    private void hold(String piece) throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve(".spike/run/" + piece + ".pid")).strip());
        stopped.add(pid);
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).inheritIO().start().waitFor();
    }

    private void releaseAll() throws Exception {
        for (long pid : stopped) {
            new ProcessBuilder("kill", "-CONT", Long.toString(pid)).inheritIO().start().waitFor();
        }
        stopped.clear();
    }

    private String status() {
        return SpikeSystem.healthBody(healthPort, "/status");
    }

    private void awaitStatus(String fragment, Duration timeout) throws InterruptedException {
        SpikeSystem.awaitHealth(healthPort, "/status", fragment, timeout);
    }
}
