package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.Empty;
import ist.spike.core.api.SecretMessages;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.core.testing.SpikeSystem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation with real processes (issue 13): {@code spike operator rotate --rewrap} on a store of
 * {@value #SECRETS} secrets, Nexus killed with {@code kill -9} while it re-seals them, and the
 * restarted Nexus finishing the rewrap with every secret readable.
 */
class KeyringDrillsIT {
    static final int SECRETS = 6_000;

    @TempDir
    Path home;

    private SpikeSystem system;
    private Map<String, String> env;
    private int apiPort;
    private int healthPort;

    @BeforeEach
    void start() throws Exception {
        system = new SpikeSystem(home);
        apiPort = SpikeSystem.freePort();
        healthPort = SpikeSystem.freePort();
        env = SpikeSystem.localEnv(apiPort, healthPort, SpikeSystem.freeKeeperPorts(), "INFO");
        SpikeSystem.Result started = system.run(env, null, "hack/start.sh");
        assertThat(started.exitCode()).as(started.output()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        system.run(env, null, "hack/stop.sh");
        system.close();
    }

    @Test
    void nexusKilledMidRewrapResumesItAndEverySecretReads() throws Exception {
        try (X509Source pilot = WorkloadApi.x509Source("unix://" + system.pilotSocket(), Duration.ofSeconds(10))) {
            MtlsJsonClient client = client(pilot);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                java.util.List<Future<?>> puts = new java.util.ArrayList<>();
                for (int i = 0; i < SECRETS; i++) {
                    String path = "drill/keys/" + i;
                    String value = Integer.toString(i);
                    puts.add(pool.submit(() -> client.post("/v1/store/secrets", null,
                            new SecretMessages.PutRequest(path, Map.of("n", value)), Empty.class)));
                }
                for (Future<?> f : puts) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        SpikeSystem.Result rotate = system.run(env, null, "bin/spike", "operator", "rotate", "--rewrap");
        assertThat(rotate.stdout()).as(rotate.output()).contains("Key term 2 seals new secrets and policies.");

        // Killed mid-way: some rows re-sealed, some not (one HTTP client, polled fast: a rewrap of these
        // rows takes about a second).
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest poll = java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + healthPort + "/status")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long remaining = -1;
        while (System.nanoTime() < deadline) {
            remaining = remaining(http.send(poll, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            if (remaining > 0 && remaining < SECRETS) {
                break;
            }
            Thread.sleep(5);
        }
        assertThat(remaining).as("caught mid-rewrap; status %s; log %s", status(),
                Files.readString(home.resolve(".spike/logs/nexus.log")).lines()
                        .filter(l -> l.contains("keyring") || l.contains("Rewrap") || l.contains("rewrap")).toList())
                .isBetween(1L, (long) SECRETS - 1);
        system.kill9("nexus");

        SpikeSystem.Result restarted = system.run(env, null, "hack/start.sh", "nexus");
        assertThat(restarted.stdout()).as(restarted.output()).contains("nexus: READY");
        SpikeSystem.awaitHealth(healthPort, "/status", "\"keyring\":{\"term\":2,\"rewrap\":{\"remaining\":0}}",
                Duration.ofSeconds(60));
        String log = Files.readString(home.resolve(".spike/logs/nexus.log"));
        Matcher rate = Pattern.compile("re-sealed (\\d+) rows in (\\d+) ms \\((\\d+) rows/s\\)").matcher(log);
        assertThat(rate.find()).as(log).isTrue();
        System.out.printf("keyring drill: the resumed rewrap re-sealed %s rows in %s ms (%s rows/s)%n", rate.group(1),
                rate.group(2), rate.group(3));
        SpikeSystem.Result one = system.run(env, null, "bin/spike", "secret", "get", "drill/keys/4321", "n");
        assertThat(one.stdout().strip()).as(one.output()).isEqualTo("4321");
        try (X509Source pilot = WorkloadApi.x509Source("unix://" + system.pilotSocket(), Duration.ofSeconds(10))) {
            MtlsJsonClient client = client(pilot);
            java.util.stream.IntStream.range(0, SECRETS).parallel().forEach(i ->
                    assertThat(client.post("/v1/store/secrets", "get", new SecretMessages.GetRequest("drill/keys/" + i, 0),
                            SecretMessages.GetResponse.class).data()).containsEntry("n", Integer.toString(i)));
        }
    }

    private MtlsJsonClient client(X509Source pilot) {
        return new MtlsJsonClient(MtlsContexts.create(pilot, TrustRoots.single("spike.ist").anyOf(SpiffeRole.NEXUS)),
                URI.create("https://localhost:" + apiPort), Duration.ofSeconds(10));
    }

    private String status() {
        return SpikeSystem.healthBody(healthPort, "/status");
    }

    private static long remaining(String status) {
        Matcher m = Pattern.compile("\"rewrap\":\\{\"remaining\":(\\d+)}").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
