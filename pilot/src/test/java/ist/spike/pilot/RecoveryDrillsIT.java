package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.Empty;
import ist.spike.core.api.SecretMessages;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.shamir.Shamir;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.ShardCodec;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.core.testing.SpikeSystem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery procedure SPIKE exists for, as drills with real processes under a temporary HOME:
 * {@code hack/start.sh}, {@code kill -9}, the role scripts and {@code bin/spike recover|restore}.
 */
class RecoveryDrillsIT {
    @TempDir
    Path home;

    private SpikeSystem system;
    private Map<String, String> env;
    private int healthPort;
    private int apiPort;

    @BeforeEach
    void start() throws Exception {
        system = new SpikeSystem(home);
        apiPort = SpikeSystem.freePort();
        healthPort = SpikeSystem.freePort();
        env = SpikeSystem.localEnv(apiPort, healthPort, SpikeSystem.freeKeeperPorts(), "WARN");
        SpikeSystem.Result started = system.run(env, null, "hack/start.sh");
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.stdout()).contains("nexus: READY");
    }

    @AfterEach
    void stop() throws Exception {
        system.run(env, null, "hack/stop.sh");
    }

    private SpikeSystem.Result run(String input, String... command) throws Exception {
        return system.run(env, input, command);
    }

    private String status() {
        return SpikeSystem.healthBody(healthPort, "/status");
    }

    private void awaitStatus(String fragment, Duration timeout) throws InterruptedException {
        SpikeSystem.awaitHealth(healthPort, "/status", fragment, timeout);
    }


    private MtlsJsonClient superuser(X509Source pilot) {
        return new MtlsJsonClient(MtlsContexts.create(pilot, TrustRoots.single("spike.ist").anyOf(SpiffeRole.NEXUS)),
                URI.create("https://localhost:" + apiPort), Duration.ofSeconds(5));
    }

    private X509Source pilotSource() {
        return WorkloadApi.x509Source("unix://" + system.pilotSocket(), Duration.ofSeconds(10));
    }

    @Test
    void drillA_nexusKilledMidLoadComesBackByItselfWithEveryAcknowledgedSecret() throws Exception {
        List<String> acked = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (X509Source pilot = pilotSource()) {
            MtlsJsonClient client = superuser(pilot);
            Thread writer = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        client.post("/v1/store/secrets", null,
                                new SecretMessages.PutRequest("drill/a/" + i, Map.of("n", String.valueOf(i))), Empty.class);
                        acked.add("drill/a/" + i);
                    } catch (RuntimeException e) {
                        // Nexus is gone: unacknowledged, so not expected to survive.
                    }
                }
            });
            writer.start();
            while (acked.size() < 150) {
                Thread.sleep(20);
            }
            system.kill9("nexus");
            running.set(false);
            writer.join();

            long t0 = System.nanoTime();
            SpikeSystem.Result restarted = run(null, "hack/start.sh", "nexus");
            assertThat(restarted.exitCode()).as(restarted.output()).isZero();
            assertThat(restarted.stdout()).contains("nexus: READY");
            System.out.printf("drill a: Nexus restart to READY in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            MtlsJsonClient after = superuser(pilot);
            for (String path : acked) {
                assertThat(after.post("/v1/store/secrets", "get", new SecretMessages.GetRequest(path, 0),
                        SecretMessages.GetResponse.class).data()).as(path).containsEntry("n", path.substring("drill/a/".length()));
            }
        }
    }

    @Test
    void drillB_aRestartedKeeperGetsItsShardBackWithinTenSecondsWhileNexusServes() throws Exception {
        system.kill9("keeper-2");
        // With one Keeper gone, T = 2 still hold shards: Nexus keeps serving.
        try (X509Source pilot = pilotSource()) {
            superuser(pilot).post("/v1/store/secrets", null, new SecretMessages.PutRequest("drill/b", Map.of("k", "v")), Empty.class);
        }
        long t0 = System.nanoTime();
        assertThat(run(null, "hack/start.sh", "keeper-2").exitCode()).isZero();
        awaitStatus("\"url\":\"https://localhost:" + env.get("SPIKE_KEEPER_PORTS").split(",")[1].split(":")[0]
                + "\",\"reachable\":true,\"holdsShard\":true", Duration.ofSeconds(10));
        System.out.printf("drill b: Keeper restart to hydrated in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(status()).contains("\"state\":\"READY\"");
    }

    @Test
    void drillCandD_recoverThenLoseEverythingThenRestoreRefusingBadShards() throws Exception {
        assertThat(run(null, "bin/spike", "secret", "put", "drill/c", "password=s3cret").exitCode()).isZero();
        assertThat(run(null, "hack/spire-server-entry-recover-register.sh").exitCode()).isZero();
        Thread.sleep(1500);
        SpikeSystem.Result recovered = run(null, "bin/spike", "recover");
        assertThat(recovered.exitCode()).as(recovered.output()).isZero();
        Path dir = home.resolve(".spike/recover");
        List<String> shards = List.of(1, 2, 3).stream().map(i -> {
            try {
                return Files.readString(dir.resolve("spike.recovery." + i + ".txt"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(shards).allMatch(s -> s.matches("spike:[123]:[0-9a-f]{64}"));
        assertThat(run(null, "hack/spire-server-entry-su-register.sh").exitCode()).isZero();

        for (String piece : List.of("nexus", "keeper-1", "keeper-2", "keeper-3")) {
            system.kill9(piece);
        }
        SpikeSystem.Result restarted = run(null, "hack/start.sh");
        assertThat(restarted.exitCode()).isEqualTo(1);
        assertThat(restarted.stdout()).contains("RESTORE_REQUIRED").contains("spike restore");
        assertThat(run(null, "hack/spire-server-entry-restore-register.sh").exitCode()).isZero();
        Thread.sleep(1500);

        // d) Bad shards are refused with their reason and change nothing.
        String one = shards.get(0);
        char last = one.charAt(one.length() - 1);
        String corrupted = one.substring(0, one.length() - 1) + (last == '0' ? '1' : '0');
        assertRefused(corrupted, "does not match");
        String foreign = ShardCodec.encode(Shamir.split(SecretBytes.copyOf(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}),
                new ShamirParameters(3, 2)).get(0));
        assertRefused(foreign, "does not match");
        assertRefused("spike:9:" + one.substring(one.lastIndexOf(':') + 1), "out of range");
        assertThat(status()).contains("\"restore\":{\"collected\":0,\"remaining\":2}");

        SpikeSystem.Result first = run(shards.get(0), "bin/spike", "restore");
        assertThat(first.stdout()).contains("Shards collected: 1").contains("Shards remaining: 1");
        SpikeSystem.Result duplicate = run(shards.get(0), "bin/spike", "restore");
        assertThat(duplicate.stdout()).contains("Shards collected: 1");
        long t0 = System.nanoTime();
        SpikeSystem.Result last2 = run(shards.get(2), "bin/spike", "restore");
        assertThat(last2.exitCode()).as(last2.output()).isZero();
        assertThat(last2.stdout()).contains("SPIKE is now restored and ready to use.");
        awaitStatus("\"state\":\"READY\"", Duration.ofSeconds(1));
        awaitStatus("[{\"id\":1,\"url\":\"https://localhost:" + env.get("SPIKE_KEEPER_PORTS").split(",")[0].split(":")[0]
                + "\",\"reachable\":true,\"holdsShard\":true},{\"id\":2", Duration.ofSeconds(5));
        assertThat(status()).doesNotContain("\"holdsShard\":false");
        System.out.printf("drill c: last restore shard to all Keepers hydrated in %d ms (includes the CLI)%n",
                (System.nanoTime() - t0) / 1_000_000);
        SpikeSystem.Result again = run(shards.get(1), "bin/spike", "restore");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr()).contains("nothing to restore");

        assertThat(run(null, "hack/spire-server-entry-su-register.sh").exitCode()).isZero();
        Thread.sleep(1500);
        SpikeSystem.Result secret = run(null, "bin/spike", "secret", "get", "drill/c", "password");
        assertThat(secret.stdout().strip()).as(secret.output()).isEqualTo("s3cret");
        for (String logName : List.of("nexus", "keeper-1", "keeper-2", "keeper-3", "agent")) {
            String log = Files.readString(home.resolve(".spike/logs/" + logName + ".log"));
            for (String shard : shards) {
                assertThat(log).as(logName + " log").doesNotContain(shard.substring(shard.lastIndexOf(':') + 1));
            }
            assertThat(log).doesNotContain("s3cret");
        }
    }

    private void assertRefused(String shard, String reason) throws Exception {
        SpikeSystem.Result r = run(shard, "bin/spike", "restore");
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.stderr()).contains(reason).doesNotContain(shard.substring(shard.lastIndexOf(':') + 1));
    }

    @Test
    void drillE_totalResetGivesAFreshEmptySpike() throws Exception {
        assertThat(run(null, "bin/spike", "secret", "put", "drill/e", "k=v").exitCode()).isZero();
        assertThat(run(null, "hack/stop.sh").exitCode()).isZero();
        SpikeSystem.Result rm = system.run(env, null, "/bin/rm", "-rf", home.resolve(".spike").toString());
        assertThat(rm.exitCode()).isZero();
        SpikeSystem.Result started = run(null, "hack/start.sh");
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(run(null, "bin/spike", "secret", "list").stdout()).contains("No secrets.");
    }

    @Test
    void drillF_nexusStartedWhileKeepersAreUnreachableRecoversWhenTheyComeBack() throws Exception {
        system.kill9("nexus");
        List<ProcessHandle> keepers = new java.util.ArrayList<>();
        for (String k : List.of("keeper-1", "keeper-2", "keeper-3")) {
            long pid = Long.parseLong(Files.readString(home.resolve(".spike/run/" + k + ".pid")).strip());
            keepers.add(ProcessHandle.of(pid).orElseThrow());
            system.run(env, null, "/bin/kill", "-STOP", String.valueOf(pid));
        }
        SpikeSystem.Proc starting;
        try {
            // Not waited for: hack/start.sh waits up to 30 s for READY, which needs the Keepers back.
            starting = system.start("start-nexus", env, "hack/start.sh", "nexus");
            awaitStatus("\"state\":\"RECOVERING\"", Duration.ofSeconds(15));
        } finally {
            for (ProcessHandle k : keepers) {
                system.run(env, null, "/bin/kill", "-CONT", String.valueOf(k.pid()));
            }
        }
        awaitStatus("\"state\":\"READY\"", Duration.ofSeconds(20));
        assertThat(starting.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(starting.logText()).contains("nexus: READY");
    }
}
