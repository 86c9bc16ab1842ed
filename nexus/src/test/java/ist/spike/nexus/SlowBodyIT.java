package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.Empty;
import ist.spike.core.api.PolicyMessages;
import ist.spike.core.api.SecretMessages;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.core.testing.SpikeSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow-body attack on a real Nexus ({@code bin/spike-nexus}, memory backend, real mTLS): 200
 * connections that announce a 100 kB body and trickle it a byte at a time. Nexus must refuse a
 * caller that may do nothing before reading its body, cap the calls in progress of one identity,
 * cut a body that takes too long, and keep serving the superuser and its health port throughout.
 */
class SlowBodyIT {
    private static final int SLOW_CONNECTIONS = 200;
    private static final String HEAD = "POST /v1/store/secrets?action=get HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n";

    @TempDir
    static Path home;

    private static SpikeSystem system;
    private static int apiPort;
    private static int healthPort;
    private static X509Source pilot;
    private static X509Source workload;
    private static X509Source stranger;

    @BeforeAll
    static void start() throws Exception {
        system = new SpikeSystem(home);
        apiPort = SpikeSystem.freePort();
        healthPort = SpikeSystem.freePort();
        MemoryNexus.start(system, apiPort, healthPort);
        pilot = WorkloadApi.x509Source("unix://" + system.pilotSocket(), Duration.ofSeconds(10));
        workload = WorkloadApi.x509Source("unix://" + system.agentSocket("workload"), Duration.ofSeconds(10));
        // spiffe://spike.ist/spike/keeper: a trusted SVID with no business with Nexus.
        stranger = WorkloadApi.x509Source("unix://" + system.agentSocket("keeper"), Duration.ofSeconds(10));
        try (MtlsJsonClient su = client(pilot)) {
            su.post("/v1/store/secrets", null, new SecretMessages.PutRequest("apps/db", Map.of("k", "v")), Empty.class);
            // The worst case: the attacker holds a policy, so it gets past the check before the body.
            su.post("/v1/acl/policy", null, new PolicyMessages.PutRequest("demo-read",
                    "^spiffe://spike.ist/workload/demo$", "^demo/", List.of("read")), Empty.class);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pilot.close();
        workload.close();
        stranger.close();
        system.close();
    }

    @Test
    void aCallerWithNoRoleAndNoPolicyIsRefusedBeforeItsBody() throws Exception {
        try (SSLSocket socket = open(stranger)) {
            socket.getOutputStream().write(HEAD.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(3000);
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 401").contains("access_unauthorized");
        }
    }

    @Test
    void requestsJettyRefusesItselfGetTheApisErrorFormNotAnEchoOfTheUri() throws Exception {
        try (SSLSocket socket = open(pilot)) {
            socket.getOutputStream().write("POST /v1/store/<script>%zz HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(3000);
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 400").contains("{\"err\":\"api_bad_request\"}")
                    .doesNotContain("<script>").doesNotContainIgnoringCase("<html");
        }
    }

    @Test
    void slowBodiesNeitherStarveTheSuperuserNorOutliveTheirDeadline() throws Exception {
        List<SSLSocket> slow = new ArrayList<>();
        ExecutorService opener = Executors.newFixedThreadPool(8);
        try {
            List<Future<SSLSocket>> opening = new ArrayList<>();
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                opening.add(opener.submit(() -> {
                    SSLSocket s = open(workload);
                    s.getOutputStream().write((HEAD + "{").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    return s;
                }));
            }
            for (Future<SSLSocket> f : opening) {
                slow.add(f.get());
            }
            long attackStarted = System.nanoTime();
            Thread trickle = new Thread(() -> trickle(slow), "trickle");
            trickle.setDaemon(true);
            trickle.start();

            try (MtlsJsonClient su = new MtlsJsonClient(context(pilot), URI.create("https://localhost:" + apiPort),
                    Duration.ofSeconds(5))) {
                for (int i = 0; i < 3; i++) {
                    long t = System.nanoTime();
                    assertThat(su.post("/v1/store/secrets", "get", new SecretMessages.GetRequest("apps/db", null),
                            SecretMessages.GetResponse.class).data()).containsEntry("k", "v");
                    System.out.printf("slow-body IT: superuser get during the attack in %d ms%n",
                            (System.nanoTime() - t) / 1_000_000);
                }
            }
            assertThat(SpikeSystem.health(healthPort, "/readyz").statusCode()).isEqualTo(200);

            // Every slow connection ends: refused at once (calls of one identity capped) or cut at the
            // body deadline (10 s), though bytes keep coming.
            int refused = 0;
            int cut = 0;
            for (SSLSocket s : slow) {
                s.setSoTimeout(20_000);
                String answer = readAll(s.getInputStream());
                if (answer.startsWith("HTTP/1.1 503")) {
                    refused++;
                } else {
                    // Cut at the deadline: closed without an answer.
                    assertThat(answer).as("a slow body's connection").isEmpty();
                    cut++;
                }
            }
            long allEnded = (System.nanoTime() - attackStarted) / 1_000_000;
            System.out.printf("slow-body IT: %d refused at once, %d cut at the deadline, all ended after %d ms%n",
                    refused, cut, allEnded);
            assertThat(cut).isLessThanOrEqualTo(16);
            assertThat(allEnded).isLessThan(20_000);
        } finally {
            opener.shutdownNow();
            for (SSLSocket s : slow) {
                closeQuietly(s);
            }
        }
    }

    private static void trickle(List<SSLSocket> sockets) {
        while (!Thread.currentThread().isInterrupted()) {
            for (SSLSocket s : sockets) {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(' ');
                    out.flush();
                } catch (IOException closed) {
                    // the server ended this one
                }
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** What the server sent until it closed the connection (or the read timed out). */
    private static String readAll(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed: " + text, e);
        } catch (IOException closedUnderTheRead) {
            // a reset: the server closed while bytes were in flight
        }
        return text.toString();
    }

    private static SSLSocket open(X509Source source) throws IOException {
        SSLSocket socket = (SSLSocket) context(source).getSocketFactory().createSocket("127.0.0.1", apiPort);
        socket.startHandshake();
        return socket;
    }

    private static void closeQuietly(SSLSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed by the server
        }
    }

    private static SSLContext context(X509Source source) {
        return MtlsContexts.create(source, TrustRoots.single("spike.ist").anyOf(SpiffeRole.NEXUS));
    }

    private static MtlsJsonClient client(X509Source source) {
        return new MtlsJsonClient(context(source), URI.create("https://localhost:" + apiPort), Duration.ofSeconds(10));
    }
}
