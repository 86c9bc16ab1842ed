package ist.spike.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A whole local SPIKE under one temporary HOME, run as real processes through {@code bin/} and
 * {@code hack/}, for integration tests. Processes it starts are killed on {@link #close()}.
 */
public final class SpikeSystem implements AutoCloseable {
    /** The repository root (failsafe passes it; the module directory's parent otherwise). */
    public static final Path REPO = Path.of(System.getProperty("spike.repo.root", "..")).toAbsolutePath().normalize();

    private final Path home;
    private final List<Process> started = new ArrayList<>();

    public SpikeSystem(Path home) {
        this.home = home;
    }

    public Path home() {
        return home;
    }

    /** HOME, the Pilot socket under HOME, INFO logs. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("SPIFFE_ENDPOINT_SOCKET", "unix://" + pilotSocket());
        env.put("SPIKE_SYSTEM_LOG_LEVEL", "INFO");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        return env;
    }

    public Path pilotSocket() {
        return home.resolve("pilot.sock");
    }

    public Path agentSocket(String name) {
        return home.resolve(".spike/agent/" + name + ".sock");
    }

    /** A started background process and its log. */
    public record Proc(Process process, Path log) {
        public String logText() {
            try {
                return Files.exists(log) ? Files.readString(log) : "";
            } catch (IOException e) {
                return "";
            }
        }

        public long pid() {
            return process.pid();
        }
    }

    /** The result of a command run to completion. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }

    /** Starts the dev agent and waits until the Pilot, Nexus, Keeper and workload sockets answer. */
    public Proc startAgent() throws IOException {
        Proc agent = start("agent", Map.of(), "bin/spike-dev-agent", "run");
        awaitOrFail(agent, Duration.ofSeconds(30), () -> List.of(pilotSocket(), agentSocket("nexus"),
                agentSocket("keeper"), agentSocket("workload")).stream().allMatch(SpikeSystem::isLive));
        return agent;
    }

    /** Starts {@code command} (first word relative to the repo) in the background, output to a log. */
    public Proc start(String name, Map<String, String> extraEnv, String... command) throws IOException {
        long begun = System.nanoTime();
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, REPO.resolve(cmd.get(0)).toString());
        Path log = home.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env());
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        started.add(p);
        return new Proc(p, log);
    }

    /** Runs {@code command} to completion (60 s at most), stdin from {@code input}. */
    public Result run(Map<String, String> extraEnv, String input, String... command) throws IOException, InterruptedException {
        long begun = System.nanoTime();
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, REPO.resolve(cmd.get(0)).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env());
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes()));
            } catch (IOException e) {
                err.complete("");
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        t.join();
        if (System.getenv("SPIKE_TEST_TIMINGS") != null) {
            System.err.printf("[timing] %s %d ms%n", String.join(" ", command), (System.nanoTime() - begun) / 1_000_000);
        }
        return new Result(p.exitValue(), out, err.join());
    }

    /** Kills a piece started by {@code hack/start.sh} with SIGKILL (its pid file names it) and waits for it to die. */
    public void kill9(String piece) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(home.resolve(".spike/run/" + piece + ".pid")).strip());
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(piece + " is not running"));
        p.destroyForcibly();
        try {
            p.onExit().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public Result run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), null, command);
    }

    /** Waits for {@code condition}; fails with the process log if the process dies or time runs out. */
    public static void awaitOrFail(Proc proc, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!proc.process().isAlive()) {
                throw new IllegalStateException("the process exited (" + proc.process().exitValue() + "):\n" + proc.logText());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("not ready after " + timeout + ":\n" + proc.logText());
    }

    /** True when something accepts connections on the unix socket. */
    public static boolean isLive(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ports handed out so far by this JVM: never twice. */
    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A TCP port free right now on loopback, below Linux's ephemeral range (32768+): a port the kernel
     * picked for us (port 0) can be taken a moment later as the source port of any outgoing connection
     * before the process meant to listen on it binds it (seen: "cannot listen on 127.0.0.1:40399").
     */
    public static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            if (!GIVEN.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port below the ephemeral range");
    }

    /**
     * The environment of a local SPIKE for {@code hack/start.sh} and {@code bin/spike} on free ports: Nexus API
     * on {@code apiPort}, its health port on {@code healthPort}, three Keepers on {@code keeperPorts}
     * ({@code "tls:health,…"}), at {@code logLevel}; a mutable map, so a drill can add to it.
     */
    public static Map<String, String> localEnv(int apiPort, int healthPort, String keeperPorts, String logLevel) {
        return new HashMap<>(Map.of(
                "SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + apiPort,
                "SPIKE_NEXUS_HEALTH_PORT", "127.0.0.1:" + healthPort,
                "SPIKE_NEXUS_API_URL", "https://localhost:" + apiPort,
                "SPIKE_KEEPER_PORTS", keeperPorts,
                "SPIKE_SYSTEM_LOG_LEVEL", logLevel));
    }

    /** {@code SPIKE_KEEPER_PORTS} for hack/start.sh: "tls:health" for three Keepers, all free now. */
    public static String freeKeeperPorts() {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pairs.add(freePort() + ":" + freePort());
        }
        return String.join(",", pairs);
    }

    /** The body of GET {@code path} on a plain-HTTP health port; empty when nothing answers. */
    public static String healthBody(int port, String path) {
        HttpResponse<String> r = health(port, path);
        return r == null ? "" : r.body();
    }

    /**
     * Waits until GET {@code path} on a health port answers a body containing {@code fragment}.
     *
     * @throws AssertionError naming the last body when it does not within {@code timeout}
     */
    public static void awaitHealth(int port, String path, String fragment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = healthBody(port, path);
        while (!body.contains(fragment)) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError(path + " after " + timeout + " does not contain " + fragment + ": " + body);
            }
            Thread.sleep(100);
            body = healthBody(port, path);
        }
    }

    /** GET on a plain-HTTP health port; status and body. */
    public static HttpResponse<String> health(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
