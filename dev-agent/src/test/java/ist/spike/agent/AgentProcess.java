package ist.spike.agent;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The dev agent (or a hack script) as a separate process under a temporary HOME, via bin/. */
final class AgentProcess implements AutoCloseable {
    static final Path REPO = Path.of(System.getProperty("spike.repo.root", "..")).toAbsolutePath().normalize();

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Map<String, String> environment(Path home) {
        return Map.of("HOME", home.toString(),
                "SPIFFE_ENDPOINT_SOCKET", "unix://" + pilotSocket(home),
                "SPIKE_SYSTEM_LOG_LEVEL", "INFO");
    }

    static Path pilotSocket(Path home) {
        return home.resolve("pilot.sock");
    }

    static Path agentSocket(Path home, String name) {
        return AgentPaths.underHome(home).socket(name);
    }

    /** Starts {@code bin/spike-dev-agent run} and waits until every default socket answers. */
    static AgentProcess start(Path home, String... options) throws IOException {
        Path log = home.resolve("agent.log");
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/spike-dev-agent").toString(), "run"));
        cmd.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(environment(home));
        AgentProcess agent = new AgentProcess(pb.start(), log);
        await().atMost(Duration.ofSeconds(30)).until(() -> !agent.process.isAlive()
                || List.of(pilotSocket(home), agentSocket(home, "nexus"), agentSocket(home, "workload"))
                        .stream().allMatch(UnixSocketServer::isLive));
        if (!agent.process.isAlive()) {
            throw new IllegalStateException("the dev agent exited: " + agent.log());
        }
        return agent;
    }

    /** Runs a command to completion with the test's HOME; returns exit code and output. */
    static Result run(Path home, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, REPO.resolve(cmd.get(0)).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(environment(home));
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exitCode, String output) {
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
