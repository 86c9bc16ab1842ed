package ist.spike.bench;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.Empty;
import ist.spike.core.api.OperatorMessages.RecoverResponse;
import ist.spike.core.api.OperatorMessages.RestoreRequest;
import ist.spike.core.api.OperatorMessages.RestoreResponse;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The recovery figures of a local SPIKE started with {@code hack/start.sh} under a temporary HOME:
 * Nexus process start to READY with Keepers up, Keeper restart to hydrated, the T-th restore shard
 * to READY with every Keeper hydrated, and the processes' RSS.
 */
final class RecoveryBenchmark {
    private static final int ROUNDS = 5;

    private final Path home;
    private final Map<String, String> env = new HashMap<>();
    private final int apiPort;
    private final int healthPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private RecoveryBenchmark() throws Exception {
        home = Files.createTempDirectory("spike-bench-recovery");
        apiPort = Measure.freePort();
        healthPort = Measure.freePort();
        env.put("HOME", home.toString());
        env.put("SPIFFE_ENDPOINT_SOCKET", "unix://" + home.resolve("pilot.sock"));
        env.put("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + apiPort);
        env.put("SPIKE_NEXUS_HEALTH_PORT", "127.0.0.1:" + healthPort);
        env.put("SPIKE_KEEPER_PORTS", Measure.freePort() + ":" + Measure.freePort() + "," + Measure.freePort() + ":" + Measure.freePort() + ","
                + Measure.freePort() + ":" + Measure.freePort());
    }

    static void run() throws Exception {
        new RecoveryBenchmark().measure();
    }

    private void measure() throws Exception {
        System.out.println("# recovery benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + ROUNDS + " rounds each; local SPIKE from hack/start.sh under " + home + ")");
        argon2id();
        sh("hack/start.sh");
        try {
            nexusStartToReady();
            keeperRestartToHydrated();
            rss();
            restoreToReady();
        } finally {
            sh("hack/stop.sh");
        }
    }

    /** The passphrase escrow's derivation with its parameters, in this JVM (one core, 64 MiB). */
    private static void argon2id() {
        byte[] passphrase = "correct horse battery staple".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = new byte[16];
        long[] millis = new long[ROUNDS];
        for (int i = -1; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            ist.spike.nexus.recovery.PassphraseEscrow.argon2id(passphrase, salt,
                    ist.spike.nexus.recovery.PassphraseEscrow.MEMORY_KIB, ist.spike.nexus.recovery.PassphraseEscrow.ITERATIONS,
                    ist.spike.nexus.recovery.PassphraseEscrow.PARALLELISM);
            if (i >= 0) {
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
        }
        Measure.printMillis("Argon2id derivation (64 MiB, 3 passes, 1 lane)", millis);
    }

    private void nexusStartToReady() throws Exception {
        long[] millis = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            kill9("nexus");
            long t0 = System.nanoTime();
            Process nexus = start("nexus");
            awaitStatus("\"state\":\"READY\"", Duration.ofSeconds(30));
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
            Files.writeString(home.resolve(".spike/run/nexus.pid"), String.valueOf(nexus.pid()));
        }
        Measure.printMillis("nexus process start to READY (keepers up, JVM start included)", millis);
    }

    private void keeperRestartToHydrated() throws Exception {
        long[] millis = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            kill9("keeper-2");
            awaitStatus("{\"id\":2,", Duration.ofSeconds(1));
            awaitStatusMissing("\"holdsShard\":true},{\"id\":3", Duration.ofSeconds(15));
            long t0 = System.nanoTime();
            sh("hack/start.sh", "keeper-2");
            awaitStatus("\"holdsShard\":true},{\"id\":3", Duration.ofSeconds(30));
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Measure.printMillis("keeper restart (hack/start.sh) to hydrated", millis);
    }

    private void restoreToReady() throws Exception {
        sh("hack/spire-server-entry-recover-register.sh");
        List<SecretBytes> shards = new ArrayList<>();
        try (X509Source pilot = awaitRole("recover")) {
            RecoverResponse recovered = client(pilot).post("/v1/operator/recover", null, Empty.INSTANCE, RecoverResponse.class);
            for (int i = 1; i <= 3; i++) {
                shards.add(recovered.shards().get(String.valueOf(i)));
            }
        }
        sh("hack/spire-server-entry-restore-register.sh");
        long[] millis = new long[3];
        for (int round = 0; round < millis.length; round++) {
            for (String piece : List.of("nexus", "keeper-1", "keeper-2", "keeper-3")) {
                kill9(piece);
            }
            sh("hack/start.sh");
            awaitStatus("\"state\":\"RESTORE_REQUIRED\"", Duration.ofSeconds(30));
            try (X509Source pilot = awaitRole("restore")) {
                MtlsJsonClient client = client(pilot);
                client.post("/v1/operator/restore", null, new RestoreRequest(1, shards.get(0)), RestoreResponse.class);
                long t0 = System.nanoTime();
                RestoreResponse last = client.post("/v1/operator/restore", null, new RestoreRequest(3, shards.get(2)),
                        RestoreResponse.class);
                if (!last.restored()) {
                    throw new IllegalStateException("the second shard did not restore");
                }
                awaitStatus("\"holdsShard\":true},{\"id\":2", Duration.ofSeconds(10));
                awaitStatus("\"holdsShard\":true},{\"id\":3", Duration.ofSeconds(10));
                awaitStatusMissing("\"holdsShard\":false", Duration.ofSeconds(10));
                millis[round] = (System.nanoTime() - t0) / 1_000_000;
            }
        }
        sh("hack/spire-server-entry-su-register.sh");
        Measure.printMillis("T-th restore shard to READY with all keepers hydrated", millis);
    }

    private void rss() throws Exception {
        for (String piece : List.of("nexus", "keeper-1", "agent")) {
            long pid = Long.parseLong(Files.readString(home.resolve(".spike/run/" + piece + ".pid")).strip());
            System.out.println(String.format(Locale.ROOT, "%-58s %s", piece + " RSS, idle",
                    Measure.procStatus(pid, "VmRSS")));
        }
    }

    private X509Source awaitRole(String role) throws Exception {
        for (int i = 0; i < 50; i++) {
            X509Source s = WorkloadApi.x509Source("unix://" + home.resolve("pilot.sock"), Duration.ofSeconds(10));
            if (s.getX509Svid().getSpiffeId().getPath().endsWith("/" + role)) {
                return s;
            }
            s.close();
            Thread.sleep(200);
        }
        throw new IllegalStateException("Pilot never became " + role);
    }

    private MtlsJsonClient client(X509Source pilot) {
        return new MtlsJsonClient(MtlsContexts.create(pilot, TrustRoots.single("spike.ist").anyOf(SpiffeRole.NEXUS)),
                URI.create("https://localhost:" + apiPort), Duration.ofSeconds(10));
    }


    private Process start(String piece) throws Exception {
        // What hack/start.sh runs for Nexus, without its waiting, so the clock starts at the JVM.
        ProcessBuilder pb = new ProcessBuilder(LocalAgent.REPO.resolve("bin/spike-nexus").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(".spike/logs/" + piece + ".log").toFile()));
        pb.environment().putAll(env);
        pb.environment().put("SPIFFE_ENDPOINT_SOCKET", "unix://" + home.resolve(".spike/agent/nexus.sock"));
        String[] ports = env.get("SPIKE_KEEPER_PORTS").split(",");
        StringBuilder peers = new StringBuilder();
        for (String p : ports) {
            peers.append(peers.length() == 0 ? "" : ",").append("https://localhost:").append(p.split(":")[0]);
        }
        pb.environment().put("SPIKE_NEXUS_KEEPER_PEERS", peers.toString());
        return pb.start();
    }

    private void kill9(String piece) throws Exception {
        Path pidFile = home.resolve(".spike/run/" + piece + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    private String status() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/status"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private void awaitStatus(String fragment, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!status().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("status never showed " + fragment + ": " + status());
            }
            Thread.sleep(20);
        }
    }

    private void awaitStatusMissing(String fragment, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status().isEmpty() || status().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("status kept showing " + fragment);
            }
            Thread.sleep(20);
        }
    }

    private void sh(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, LocalAgent.REPO.resolve(cmd.get(0)).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("bench-scripts.log").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
    }

}
