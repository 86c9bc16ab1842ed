package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.core.testing.SpikeSystem;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The user's path: {@code hack/start.sh} (dev agent and Nexus), then {@code bin/spike} commands,
 * each output format, and the failures a user meets.
 */
class PilotSystemIT {
    @TempDir
    static Path home;

    private static SpikeSystem system;
    private static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        system = new SpikeSystem(home);
        int api = SpikeSystem.freePort();
        int health = SpikeSystem.freePort();
        env = Map.of("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + api, "SPIKE_NEXUS_HEALTH_PORT", "127.0.0.1:" + health,
                "SPIKE_NEXUS_API_URL", "https://localhost:" + api, "SPIKE_SYSTEM_LOG_LEVEL", "WARN",
                "SPIKE_KEEPER_PORTS", SpikeSystem.freeKeeperPorts());
        SpikeSystem.Result started = system.run(env, null, "hack/start.sh");
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.stdout()).contains("nexus: started").contains("bin/spike secret put");
    }

    @AfterAll
    static void stop() throws Exception {
        system.run("hack/stop.sh");
    }

    private static SpikeSystem.Result spike(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "bin/spike";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return system.run(env, null, cmd);
    }

    @Test
    void secretsRoundTripThroughTheCli() throws Exception {
        assertThat(spike("secret", "put", "apps/db", "user=admin", "password=s3cret").exitCode()).isZero();
        assertThat(spike("secret", "put", "apps/db", "user=admin", "password=rotated").exitCode()).isZero();
        assertThat(spike("secret", "get", "apps/db", "password").stdout().strip()).isEqualTo("rotated");
        assertThat(spike("secret", "get", "apps/db", "--version", "1", "--format", "json").stdout())
                .contains("\"password\" : \"s3cret\"");
        assertThat(spike("secret", "list", "--format", "yaml").stdout()).contains("- apps/db");
        assertThat(spike("secret", "metadata", "get", "apps/db").stdout()).contains("Current version:  2");
        assertThat(spike("secret", "delete", "apps/db").exitCode()).isZero();
        SpikeSystem.Result gone = spike("secret", "get", "apps/db");
        assertThat(gone.exitCode()).isEqualTo(5);
        assertThat(gone.stderr().strip()).startsWith("spike: not found").doesNotContain("\n");
        assertThat(spike("secret", "undelete", "apps/db", "--versions", "2").exitCode()).isZero();
        assertThat(spike("secret", "get", "apps/db", "password").stdout().strip()).isEqualTo("rotated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"human", "json", "yaml"})
    void everyFormatPrintsStatusAndPolicies(String format) throws Exception {
        assertThat(spike("policy", "create", "--name", "demo-" + format, "--spiffeid-pattern", "^spiffe://spike.ist/workload/demo$",
                "--path-pattern", "^demo/.*$", "--permissions", "read").exitCode()).isZero();
        SpikeSystem.Result policy = spike("policy", "get", "demo-" + format, "--format", format);
        assertThat(policy.exitCode()).as(policy.output()).isZero();
        assertThat(policy.stdout()).contains("^demo/.*$");
        assertThat(spike("policy", "list", "--format", format).stdout()).contains("demo-" + format);
        SpikeSystem.Result status = spike("status", "--format", format);
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout()).contains("READY");
    }

    @Test
    void aWorkloadWithoutAPolicyIsToldItIsNotAuthorized() throws Exception {
        Map<String, String> asWorkload = new java.util.HashMap<>(env);
        asWorkload.put("SPIFFE_ENDPOINT_SOCKET", "unix://" + system.agentSocket("workload"));
        SpikeSystem.Result r = system.run(asWorkload, null, "bin/spike", "secret", "get", "apps/db");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stderr()).startsWith("spike: not authorized").doesNotContain("Exception");
    }

    @Test
    void cipherStreamsRoundTrip() throws Exception {
        SpikeSystem.Result sealed = system.run(env, "attack at dawn", "bin/spike", "cipher", "encrypt", "--json");
        assertThat(sealed.exitCode()).as(sealed.output()).isZero();
        assertThat(sealed.stdout()).contains("\"version\":1");
        SpikeSystem.Result opened = system.run(env, sealed.stdout(), "bin/spike", "cipher", "decrypt", "--json");
        assertThat(opened.stdout()).isEqualTo("attack at dawn");
    }

    @Test
    void anUnreachableNexusIsOneLineAndExitThree() throws Exception {
        Map<String, String> wrongPort = new java.util.HashMap<>(env);
        wrongPort.put("SPIKE_NEXUS_API_URL", "https://localhost:" + SpikeSystem.freePort());
        SpikeSystem.Result r = system.run(wrongPort, null, "bin/spike", "secret", "list");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("not reachable").doesNotContain("\tat ");
    }
}
