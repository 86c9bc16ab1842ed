package ist.spike.bench;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.spiffe.WorkloadApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A dev agent process under a temporary HOME, for benchmarks that need SVIDs. */
final class LocalAgent implements AutoCloseable {
    static final Path REPO = Path.of(System.getProperty("spike.repo.root", ".")).toAbsolutePath();

    private final Path home;
    private final Process process;

    private LocalAgent(Path home, Process process) {
        this.home = home;
        this.process = process;
    }

    static LocalAgent start() throws Exception {
        Path home = Files.createTempDirectory("spike-bench");
        ProcessBuilder pb = new ProcessBuilder(REPO.resolve("bin/spike-dev-agent").toString(), "run")
                .redirectErrorStream(true).redirectOutput(home.resolve("agent.log").toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("SPIFFE_ENDPOINT_SOCKET", "unix://" + home.resolve("pilot.sock"));
        return new LocalAgent(home, pb.start());
    }

    Path home() {
        return home;
    }

    Path pilotSocket() {
        return home.resolve("pilot.sock");
    }

    Path socket(String name) {
        return home.resolve(".spike/agent/" + name + ".sock");
    }

    X509Source source(Path socket) throws Exception {
        for (int i = 0; i < 300 && !Files.exists(socket); i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the dev agent exited; build first: mvn -q -DskipTests package");
            }
            Thread.sleep(100);
        }
        return WorkloadApi.x509Source("unix://" + socket, Duration.ofSeconds(20));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
