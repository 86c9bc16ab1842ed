package ist.spike.pilot;

import ist.spike.core.spiffe.TrustRoots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs {@code spike} commands in-process through picocli against a {@link FakeNexusApi}, with
 * stdin, stdout and stderr captured and the recovery directory under a temporary directory.
 */
public final class PilotHarness {
    public static final URI NEXUS_URL = URI.create("https://localhost:8553");

    private final FakeNexusApi nexus;
    private PilotConfig config;
    private byte[] stdin = new byte[0];
    private Terminal.HiddenInput console;

    public PilotHarness(FakeNexusApi nexus, Path tempDir) {
        this.nexus = nexus;
        this.config = new PilotConfig(NEXUS_URL, "unix:///nonexistent/api.sock", TrustRoots.single("spike.ist"),
                tempDir.resolve("home/.spike/recover"), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    public PilotHarness(Path tempDir) {
        this(new FakeNexusApi(), tempDir);
    }

    /** The next runs tell people to change role with {@code roles} (as {@code SPIKE_PILOT_ROLE_SWITCH} does). */
    public PilotHarness roleSwitch(ist.spike.pilot.failure.RoleSwitch roles) {
        config = new PilotConfig(config.nexusUrl(), config.workloadSocket(), config.trustRoots(), config.recoveryDir(),
                config.svidTimeout(), config.requestTimeout(), config.nexusIds(), roles);
        return this;
    }

    public FakeNexusApi nexus() {
        return nexus;
    }

    public PilotConfig config() {
        return config;
    }

    /** The next runs read these bytes as stdin (not a terminal). */
    public PilotHarness stdin(byte[] bytes) {
        this.stdin = bytes.clone();
        this.console = null;
        return this;
    }

    public PilotHarness stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next runs have a console: hidden reads go to {@code console}. */
    public PilotHarness console(Terminal.HiddenInput console) {
        this.console = console;
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new ByteArrayInputStream(stdin), out, err, console);
        int exit = PilotCli.run(new PilotContext(config, () -> nexus, terminal), args);
        return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** What a run left behind. */
    public record Result(int exit, byte[] stdout, String err) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out() + "--- stderr\n" + err;
        }
    }
}
