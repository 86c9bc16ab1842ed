package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.core.testing.SpikeSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-sharing with real processes (issue 13): a local SPIKE (2 of 3) gets a fourth Keeper and a Nexus
 * restarted for 3 of 4, and Nexus is killed with {@code kill -9} mid re-share: after the pending
 * generation is recorded, and after the new Keeper got its new shard while the others kept the old
 * ones (Keepers held with SIGSTOP make those points exact). Each time a new Nexus recovers by itself,
 * every secret reads back, and the re-share completes; the recovery files taken before it still
 * restore the key after everything is lost.
 */
class ReshareDrillsIT {
    @TempDir
    Path home;

    private SpikeSystem system;
    private Map<String, String> env;
    private int healthPort;
    private final List<String> keeperPorts = new ArrayList<>();
    private final List<Long> stopped = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        system = new SpikeSystem(home);
        int apiPort = SpikeSystem.freePort();
        healthPort = SpikeSystem.freePort();
        String ports = SpikeSystem.freeKeeperPorts();
        keeperPorts.addAll(List.of(ports.split(",")));
        env = SpikeSystem.localEnv(apiPort, healthPort, ports, "INFO");
        env.put("SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL", "500ms");
        SpikeSystem.Result started = system.run(env, null, "hack/start.sh");
        assertThat(started.exitCode()).as(started.output()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        for (long pid : stopped) {
            signal("CONT", pid);
        }
        system.run(env, null, "hack/stop.sh");
        system.close();
    }

    @Test
    void nexusKilledMidReshareRecoversByItselfAndOldRecoveryFilesStillRestore() throws Exception {
        assertThat(spike(null, "secret", "put", "drill/reshare", "password=s3cret").exitCode()).isZero();
        List<String> files = recoveryFiles();

        // A fourth Keeper (empty, as a new pod), and Nexus configured for any 3 of 4.
        int tls4 = SpikeSystem.freePort();
        int health4 = SpikeSystem.freePort();
        SpikeSystem.Proc keeper4 = system.start("keeper-4", Map.of(
                "SPIFFE_ENDPOINT_SOCKET", "unix://" + home.resolve(".spike/agent/keeper.sock"),
                "SPIKE_KEEPER_TLS_PORT", "127.0.0.1:" + tls4, "SPIKE_KEEPER_HEALTH_PORT", "127.0.0.1:" + health4),
                "bin/spike-keeper");
        SpikeSystem.awaitOrFail(keeper4, Duration.ofSeconds(30), () -> SpikeSystem.health(health4, "/status") != null);
        assertThat(SpikeSystem.health(health4, "/status").body()).contains("\"holdsShard\":false");
        StringBuilder peers = new StringBuilder();
        for (String p : keeperPorts) {
            peers.append("https://localhost:").append(p.split(":")[0]).append(',');
        }
        peers.append("https://localhost:").append(tls4);
        env.putAll(Map.of("SPIKE_NEXUS_SHAMIR_SHARES", "4", "SPIKE_NEXUS_SHAMIR_THRESHOLD", "3",
                "SPIKE_NEXUS_KEEPER_PEERS", peers.toString()));

        // a) Killed after the new Keeper got its new shard: Keeper 3 does not answer, so neither Keeper 1 nor
        //    2 may switch (1 old shard left of 2 needed, 2 new of 3 needed); they keep generation 1's.
        hold("keeper-3");
        restartNexus();
        awaitStatus("\"pending\":{\"shares\":4,\"threshold\":3}", Duration.ofSeconds(30));
        SpikeSystem.awaitHealth(health4, "/status", "\"holdsShard\":true", Duration.ofSeconds(30));
        system.kill9("nexus");
        releaseAll();
        restartNexus();
        awaitStatus("\"generation\":2,", Duration.ofSeconds(30));
        awaitStatus("\"pending\":null", Duration.ofSeconds(10));
        awaitStatus("\"recoveryFiles\":\"stale\"", Duration.ofSeconds(1));
        assertSecretReadsBack();
        SpikeSystem.Result older = spike(null, "recover", "verify",
                home.resolve(".spike/recover/spike.recovery.1.txt").toString());
        assertThat(older.stdout()).as(older.output()).contains("spike.recovery.1.txt: older generation of the same key"
                + " (still restores): shard 1 of sharing generation 1 (any 2 of 3)");
        assertThat(older.exitCode()).as("one file of 2 needed").isEqualTo(1);

        // b) Back to 2 of 4 (another polynomial), killed after only the pending record: with Keeper 3
        //    held, no Keeper may switch yet.
        env.put("SPIKE_NEXUS_SHAMIR_THRESHOLD", "2");
        hold("keeper-3");
        restartNexus();
        awaitStatus("\"pending\":{\"shares\":4,\"threshold\":2}", Duration.ofSeconds(30));
        Thread.sleep(500);
        assertThat(status()).contains("\"generation\":2,");
        system.kill9("nexus");
        releaseAll();
        restartNexus();
        awaitStatus("\"generation\":3,", Duration.ofSeconds(30));
        awaitStatus("\"pending\":null", Duration.ofSeconds(10));
        // Any 2 again: generation 3 has generation 1's polynomial, so the files taken then are current again.
        awaitStatus("\"recoveryFiles\":\"current\"", Duration.ofSeconds(1));
        assertSecretReadsBack();

        // Everything lost: the generation-1 files (2 of 3) still restore the same key.
        for (String piece : List.of("nexus", "keeper-1", "keeper-2", "keeper-3")) {
            system.kill9(piece);
        }
        keeper4.process().destroyForcibly().waitFor();
        SpikeSystem.Proc keeper4again = system.start("keeper-4b", Map.of(
                "SPIFFE_ENDPOINT_SOCKET", "unix://" + home.resolve(".spike/agent/keeper.sock"),
                "SPIKE_KEEPER_TLS_PORT", "127.0.0.1:" + tls4, "SPIKE_KEEPER_HEALTH_PORT", "127.0.0.1:" + health4),
                "bin/spike-keeper");
        SpikeSystem.awaitOrFail(keeper4again, Duration.ofSeconds(30), () -> SpikeSystem.health(health4, "/status") != null);
        SpikeSystem.Result restarted = system.run(env, null, "hack/start.sh");
        assertThat(restarted.stdout()).contains("RESTORE_REQUIRED");
        assertThat(system.run(env, null, "hack/spire-server-entry-restore-register.sh").exitCode()).isZero();
        Thread.sleep(1500);
        // Before using them: the files are checked against Nexus's published commitments, no shard sent.
        Path safe = home.resolve(".spike/recover");
        SpikeSystem.Result verify = spike(null, "recover", "verify", safe.resolve("spike.recovery.1.txt").toString(),
                safe.resolve("spike.recovery.3.txt").toString());
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.stdout()).contains("spike.recovery.1.txt: current: shard 1 of sharing generation 3 (any 2 of 4)")
                .contains("These files restore this SPIKE's root key: 2 shards of sharing generation 3, 2 needed.");
        assertThat(spike(files.get(0), "restore").stdout()).contains("Shards remaining: 1");
        SpikeSystem.Result last = spike(files.get(2), "restore");
        assertThat(last.stdout()).as(last.output()).contains("SPIKE is now restored and ready to use.");
        assertThat(system.run(env, null, "hack/spire-server-entry-su-register.sh").exitCode()).isZero();
        Thread.sleep(1500);
        awaitStatus("\"state\":\"READY\"", Duration.ofSeconds(5));
        assertSecretReadsBack();
        String log = Files.readString(home.resolve(".spike/logs/nexus.log"));
        for (String file : files) {
            assertThat(log).doesNotContain(file.substring(file.lastIndexOf(':') + 1));
        }
        assertThat(log).contains("re-shared the root key: generation 2").contains("re-shared the root key: generation 3");
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
        long t0 = System.nanoTime();
        system.run(env, null, "hack/stop.sh", "nexus");
        long t1 = System.nanoTime();
        SpikeSystem.Result started = system.run(env, null, "hack/start.sh", "nexus");
        assertThat(started.stdout()).as(started.output()).contains("nexus: READY");
        System.out.printf("reshare drill: stop %d ms, start to READY %d ms%n", (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
    }

    private void assertSecretReadsBack() throws Exception {
        SpikeSystem.Result get = spike(null, "secret", "get", "drill/reshare", "password");
        assertThat(get.stdout().strip()).as(get.output()).isEqualTo("s3cret");
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
        signal("STOP", pid);
    }

    private void releaseAll() throws Exception {
        for (long pid : stopped) {
            signal("CONT", pid);
        }
        stopped.clear();
    }

    private static void signal(String name, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
    }

    private String status() {
        return SpikeSystem.healthBody(healthPort, "/status");
    }

    private void awaitStatus(String fragment, Duration timeout) throws InterruptedException {
        SpikeSystem.awaitHealth(healthPort, "/status", fragment, timeout);
    }
}
