package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.workloadapi.X509Source;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.PeerIdentity;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.pilot.failure.RoleSwitch;
import ist.spike.pilot.nexus.NexusConnection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pilot's real connection path: its SVID from the dev agent's Workload API, mTLS with java-spiffe,
 * and the Nexus-only server check, against a stand-in HTTPS server that holds an SVID from the same
 * agent. (End-to-end tests against a real Nexus belong with Nexus.)
 */
class PilotMtlsIT {
    static final Path REPO = Path.of(System.getProperty("spike.repo.root", "..")).toAbsolutePath().normalize();
    static final String STATUS = "{\"state\":\"READY\",\"backend\":\"sqlite\",\"shamir\":{\"shares\":3,\"threshold\":2},"
            + "\"keepers\":[],\"restore\":{\"collected\":0,\"remaining\":2},\"badShards\":[]}";

    @TempDir
    static Path home;

    private static Process agent;
    private X509Source serverSource;
    private HttpsServer server;
    private final List<String> callers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startAgent() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(REPO.resolve("bin/spike-dev-agent").toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("agent.log").toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("SPIFFE_ENDPOINT_SOCKET", "unix://" + home.resolve("pilot.sock"));
        agent = pb.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !agent.isAlive()
                || List.of(home.resolve("pilot.sock"), agentSocket("nexus"), agentSocket("keeper")).stream()
                        .allMatch(PilotMtlsIT::accepts));
        assertThat(agent.isAlive()).as("dev agent: %s", Files.readString(home.resolve("agent.log"))).isTrue();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.stop(0);
        }
        if (serverSource != null) {
            serverSource.close();
        }
    }

    @AfterAll
    static void stopAgent() throws InterruptedException {
        agent.destroy();
        agent.waitFor(10, TimeUnit.SECONDS);
    }

    private static Path agentSocket(String name) {
        return home.resolve(".spike/agent/" + name + ".sock");
    }

    private static boolean accepts(Path socket) {
        try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A TLS 1.3 server with the SVID of the agent's {@code entry} socket that answers every call with a status. */
    private URI serve(String entry) throws IOException {
        serverSource = WorkloadApi.x509Source("unix://" + agentSocket(entry), Duration.ofSeconds(10));
        SSLContext tls = MtlsContexts.create(serverSource, TrustRoots.single("spike.ist").anyOf(SpiffeRole.PILOT_SUPERUSER));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(MtlsContexts.parameters(tls, true));
            }
        });
        server.createContext("/", exchange -> {
            callers.add(PeerIdentity.of(((HttpsExchange) exchange).getSSLSession()).map(Object::toString).orElse("none")
                    + " " + exchange.getRequestURI());
            byte[] body = STATUS.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    private PilotHarness.Result spike(URI nexus, String... args) {
        return spike(nexus, List.of(), args);
    }

    private PilotHarness.Result spike(URI nexus, List<SpiffeId> nexusIds, String... args) {
        PilotConfig config = new PilotConfig(nexus, "unix://" + home.resolve("pilot.sock"), TrustRoots.single("spike.ist"),
                home.resolve(".spike/recover"), Duration.ofSeconds(10), Duration.ofSeconds(10), nexusIds, RoleSwitch.SCRIPTS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new ByteArrayInputStream(new byte[0]), out, err, null);
        try (NexusConnection connection = new NexusConnection(config)) {
            int exit = PilotCli.run(new PilotContext(config, connection, terminal), args);
            return new PilotHarness.Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void pilotCallsNexusOverMtlsWithItsSuperuserSvid() throws Exception {
        URI nexus = serve("nexus");
        PilotHarness.Result status = spike(nexus, "status");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).startsWith("State:    READY\n");
        assertThat(callers).containsExactly("spiffe://spike.ist/spike/pilot/role/superuser /v1/status");
    }

    @Test
    void aServerThatIsNotNexusIsRefusedBeforeAnythingIsSent() throws Exception {
        URI keeper = serve("keeper");
        PilotHarness.Result status = spike(keeper, "status");
        assertThat(status.exit()).isEqualTo(3);
        assertThat(status.err()).startsWith("spike: the mTLS handshake with Nexus at " + keeper + " failed")
                .contains("spiffe://spike.ist/spike/keeper is not accepted here").hasLineCount(1);
        assertThat(callers).isEmpty();
    }

    @Test
    void aNexusOtherThanTheAllowListedOneIsRefusedBeforeAnythingIsSent() throws Exception {
        URI nexus = serve("nexus");
        PilotHarness.Result status = spike(nexus, List.of(SpiffeId.parse("spiffe://spike.ist/spike/nexus/ns/other")),
                "status");
        assertThat(status.exit()).isEqualTo(3);
        assertThat(status.err()).contains("spiffe://spike.ist/spike/nexus is not accepted here").hasLineCount(1);
        assertThat(callers).isEmpty();
    }

    @Test
    void noAgentIsOneLineAtOnce() {
        PilotConfig config = new PilotConfig(URI.create("https://localhost:1"), "unix://" + home.resolve("none.sock"),
                TrustRoots.single("spike.ist"), home, Duration.ofSeconds(10), Duration.ofSeconds(10));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), err, null);
        long started = System.nanoTime();
        try (NexusConnection connection = new NexusConnection(config)) {
            assertThat(PilotCli.run(new PilotContext(config, connection, terminal), "secret", "list")).isEqualTo(3);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("spike: no SPIFFE Workload API at unix://"
                + home.resolve("none.sock") + " (no such socket): start the agent with hack/start.sh, or set"
                + " SPIFFE_ENDPOINT_SOCKET to its socket\n");
    }
}
