package ist.spike.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.ErrorResponse;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.error.ConnectionException;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.PeerIdentity;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev agent as a real process: two endpoints get SVIDs through java-spiffe's
 * DefaultX509Source, complete mTLS, authorize each other's SPIFFE IDs, and follow a role switch
 * made by the hack scripts without any restart.
 */
class DevAgentIT {
    private static final TrustRoots ROOTS = TrustRoots.single("spike.ist");
    private static final String SUPERUSER = "spiffe://spike.ist/spike/pilot/role/superuser";
    private static final String RECOVER = "spiffe://spike.ist/spike/pilot/role/recover";

    @TempDir
    Path home;

    private AgentProcess agent;
    private X509Source nexusSource;
    private HttpsServer server;
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void startAgentAndServer() throws Exception {
        agent = AgentProcess.start(home);
        nexusSource = WorkloadApi.x509Source("unix://" + AgentProcess.agentSocket(home, "nexus"), Duration.ofSeconds(10));
        assertThat(nexusSource.getX509Svid().getSpiffeId().toString()).isEqualTo("spiffe://spike.ist/spike/nexus");
        server = whoAmIServer(MtlsContexts.create(nexusSource,
                ROOTS.anyOf(SpiffeRole.PILOT_SUPERUSER, SpiffeRole.PILOT_RECOVER, SpiffeRole.PILOT_RESTORE)));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop(0);
        }
        if (nexusSource != null) {
            nexusSource.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void mtlsBetweenTwoAgentSvidsAuthorizesThePeerAndFollowsARoleSwitch() throws Exception {
        try (X509Source pilot = WorkloadApi.x509Source("unix://" + AgentProcess.pilotSocket(home), Duration.ofSeconds(10))) {
            assertThat(whoAmI(pilot)).isEqualTo(SUPERUSER);

            AgentProcess.Result switched = AgentProcess.run(home, "hack/spire-server-entry-recover-register.sh");
            assertThat(switched.exitCode()).as(switched.output()).isZero();
            assertThat(switched.output()).contains("pilot").contains(SUPERUSER + " -> " + RECOVER);

            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> pilot.getX509Svid().getSpiffeId().toString().equals(RECOVER));
            long pushedMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(pushedMillis).as("entry change reaches the client").isLessThanOrEqualTo(1000);
            assertThat(whoAmI(pilot)).isEqualTo(RECOVER);

            AgentProcess.Result back = AgentProcess.run(home, "hack/spire-server-entry-su-register.sh");
            assertThat(back.output()).contains(RECOVER + " -> " + SUPERUSER);
            await().atMost(Duration.ofSeconds(2)).until(() -> pilot.getX509Svid().getSpiffeId().toString().equals(SUPERUSER));
            assertThat(whoAmI(pilot)).isEqualTo(SUPERUSER);
        }
    }

    @Test
    void aClientWhoseIdIsNotAcceptedIsRefusedAtTheHandshake() throws Exception {
        try (X509Source workload = WorkloadApi.x509Source("unix://" + AgentProcess.agentSocket(home, "workload"), Duration.ofSeconds(10))) {
            assertThat(workload.getX509Svid().getSpiffeId().toString()).isEqualTo("spiffe://spike.ist/workload/demo");
            assertThatThrownBy(() -> whoAmI(workload)).isInstanceOf(ConnectionException.class);
            assertThat(served).hasValue(0);
        }
    }

    @Test
    void aClientRefusesAServerWhoseIdItDoesNotExpect() throws Exception {
        try (X509Source pilot = WorkloadApi.x509Source("unix://" + AgentProcess.pilotSocket(home), Duration.ofSeconds(10))) {
            SSLContext onlyKeepers = MtlsContexts.create(pilot, ROOTS.anyOf(SpiffeRole.KEEPER));
            MtlsJsonClient client = new MtlsJsonClient(onlyKeepers, baseUri(), Duration.ofSeconds(5));
            assertThatThrownBy(() -> client.post("/v1/whoami", null, ist.spike.core.api.Empty.INSTANCE, ErrorResponse.class))
                    .isInstanceOf(ConnectionException.class);
            assertThat(served).hasValue(0);
        }
    }

    @Test
    void aBrokenEntriesFileIsReportedAndTheLastGoodStateKeepsServing() throws Exception {
        Path entries = AgentPaths.underHome(home).entries();
        String good = Files.readString(entries);
        try (X509Source pilot = WorkloadApi.x509Source("unix://" + AgentProcess.pilotSocket(home), Duration.ofSeconds(10))) {
            Files.writeString(entries, "{ this is not json");
            await().atMost(Duration.ofSeconds(3)).until(() -> agent.log().contains("still serving the last good entries"));
            assertThat(agent.isAlive()).isTrue();
            assertThat(whoAmI(pilot)).isEqualTo(SUPERUSER);

            AgentProcess.Result unknown = AgentProcess.run(home, "bin/spike-dev-agent", "entry", "set", "nobody", "--role", "recover");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.output()).contains("not valid entries JSON").doesNotContain("\tat ");

            Files.writeString(entries, good);
            AgentProcess.Result unknownEntry = AgentProcess.run(home, "bin/spike-dev-agent", "entry", "set", "nobody", "--role", "recover");
            assertThat(unknownEntry.exitCode()).isEqualTo(1);
            assertThat(unknownEntry.output()).contains("no entry named 'nobody'").doesNotContain("\tat ");
            assertThat(whoAmI(pilot)).isEqualTo(SUPERUSER);
        }
    }

    @Test
    void issueWritesPemFilesFromTheSameCa() throws Exception {
        Path out = home.resolve("creds");
        AgentProcess.Result issued = AgentProcess.run(home, "bin/spike-dev-agent", "issue",
                "--spiffe-id", SUPERUSER, "--out", out.toString());
        assertThat(issued.exitCode()).as(issued.output()).isZero();
        for (String f : new String[] {"svid.pem", "svid.key", "bundle.pem"}) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(f))))
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(out.resolve("bundle.pem")))
                .isEqualTo(Files.readString(AgentPaths.underHome(home).caCertificate()));
        var svid = io.spiffe.svid.x509svid.X509Svid.load(out.resolve("svid.pem"), out.resolve("svid.key"));
        assertThat(svid.getSpiffeId().toString()).isEqualTo(SUPERUSER);
        assertThat(svid.getLeaf().getIssuerX500Principal())
                .isEqualTo(nexusSource.getX509Svid().getLeaf().getIssuerX500Principal());
    }

    private String whoAmI(X509Source source) {
        // A new client per call: a new connection, so a new handshake with the current SVID.
        MtlsJsonClient client = new MtlsJsonClient(MtlsContexts.create(source, ROOTS.anyOf(SpiffeRole.NEXUS)),
                baseUri(), Duration.ofSeconds(5));
        return client.post("/v1/whoami", null, ist.spike.core.api.Empty.INSTANCE, ErrorResponse.class).err();
    }

    private URI baseUri() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    private HttpsServer whoAmIServer(SSLContext context) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(MtlsContexts.parameters(context, true));
            }
        });
        s.createContext("/v1/whoami", exchange -> {
            served.incrementAndGet();
            SpiffeId peer = PeerIdentity.of(((HttpsExchange) exchange).getSSLSession()).orElseThrow();
            // The test reuses the one-field error record to carry the peer's ID back.
            byte[] body = ("{\"err\":\"" + peer + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        s.start();
        return s;
    }
}
