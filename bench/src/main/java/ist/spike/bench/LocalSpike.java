package ist.spike.bench;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.client.MtlsJsonClient;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A local SPIKE started with {@code hack/start.sh} under a temporary HOME (dev agent, three Keepers,
 * Nexus on SQLite, free ports), for benchmarks that drive the real processes.
 */
final class LocalSpike {
    final Path home;
    final Map<String, String> env = new HashMap<>();
    final int apiPort;
    final int healthPort;
    private final HttpClient http = HttpClient.newHttpClient();

    LocalSpike(String prefix) throws Exception {
        home = Files.createTempDirectory(prefix);
        apiPort = Measure.freePort();
        healthPort = Measure.freePort();
        env.put("HOME", home.toString());
        env.put("SPIFFE_ENDPOINT_SOCKET", "unix://" + home.resolve("pilot.sock"));
        env.put("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + apiPort);
        env.put("SPIKE_NEXUS_HEALTH_PORT", "127.0.0.1:" + healthPort);
        env.put("SPIKE_KEEPER_PORTS", Measure.freePort() + ":" + Measure.freePort() + "," + Measure.freePort() + ":" + Measure.freePort() + ","
                + Measure.freePort() + ":" + Measure.freePort());
    }

    /** The process ID {@code hack/start.sh} recorded for a piece (nexus, keeper-1…, agent). */
    long pid(String piece) throws Exception {
        return Long.parseLong(Files.readString(home.resolve(".spike/run/" + piece + ".pid")).strip());
    }

    X509Source awaitRole(String role) throws Exception {
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

    MtlsJsonClient client(X509Source pilot) {
        return new MtlsJsonClient(MtlsContexts.create(pilot, TrustRoots.single("spike.ist").anyOf(SpiffeRole.NEXUS)),
                URI.create("https://localhost:" + apiPort), Duration.ofSeconds(10));
    }


    /**
     * What {@code hack/start.sh nexus} runs, without its waiting, so a caller's clock starts at the
     * JVM; the process ID is recorded where the scripts (and {@link #kill9}) look for it.
     */
    Process startNexus() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(LocalAgent.REPO.resolve("bin/spike-nexus").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(".spike/logs/nexus.log").toFile()));
        pb.environment().putAll(env);
        pb.environment().put("SPIFFE_ENDPOINT_SOCKET", "unix://" + home.resolve(".spike/agent/nexus.sock"));
        String[] ports = env.get("SPIKE_KEEPER_PORTS").split(",");
        StringBuilder peers = new StringBuilder();
        for (String p : ports) {
            peers.append(peers.length() == 0 ? "" : ",").append("https://localhost:").append(p.split(":")[0]);
        }
        pb.environment().put("SPIKE_NEXUS_KEEPER_PEERS", peers.toString());
        Process nexus = pb.start();
        Files.writeString(home.resolve(".spike/run/nexus.pid"), String.valueOf(nexus.pid()));
        return nexus;
    }

    void kill9(String piece) throws Exception {
        long pid = pid(piece);
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    String status() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/status"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    void awaitStatus(String fragment, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!status().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("status never showed " + fragment + ": " + status());
            }
            Thread.sleep(20);
        }
    }

    void awaitStatusMissing(String fragment, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status().isEmpty() || status().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("status kept showing " + fragment);
            }
            Thread.sleep(20);
        }
    }

    void sh(String... command) throws Exception {
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
