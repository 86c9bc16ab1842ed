package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.CipherMessages;
import ist.spike.core.api.Empty;
import ist.spike.core.api.PolicyMessages;
import ist.spike.core.api.SecretMessages;
import ist.spike.core.api.StatusMessages;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.core.testing.SpikeSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nexus as a user runs it: the dev agent and {@code bin/spike-nexus} (memory backend) as real
 * processes, clients with SVIDs from the agent over real mTLS.
 */
class NexusIT {
    private static final String SECRET_VALUE = "correct-horse-battery-staple";

    @TempDir
    static Path home;

    private static SpikeSystem system;
    private static SpikeSystem.Proc nexus;
    private static int apiPort;
    private static int healthPort;
    private static X509Source pilotSource;
    private static X509Source workloadSource;

    @BeforeAll
    static void start() throws Exception {
        system = new SpikeSystem(home);
        apiPort = SpikeSystem.freePort();
        healthPort = SpikeSystem.freePort();
        nexus = MemoryNexus.start(system, apiPort, healthPort);
        pilotSource = WorkloadApi.x509Source("unix://" + system.pilotSocket(), Duration.ofSeconds(10));
        workloadSource = WorkloadApi.x509Source("unix://" + system.agentSocket("workload"), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        pilotSource.close();
        workloadSource.close();
        system.close();
    }

    private static SSLContext context(X509Source source) {
        return MtlsContexts.create(source, TrustRoots.single("spike.ist").anyOf(SpiffeRole.NEXUS));
    }

    private static MtlsJsonClient client(X509Source source) {
        return new MtlsJsonClient(context(source), URI.create("https://localhost:" + apiPort), Duration.ofSeconds(10));
    }

    private static String raw(X509Source source, String path, String action, String json) {
        HttpResponse<byte[]> r = client(source).exchange(path, action, "application/json", json.getBytes(StandardCharsets.UTF_8));
        return r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void secretsRoundTripOverMtlsWithUpstreamsWireFormat() {
        MtlsJsonClient pilot = client(pilotSource);
        pilot.post("/v1/store/secrets", null, new SecretMessages.PutRequest("apps/db", Map.of("password", SECRET_VALUE)), Empty.class);
        pilot.post("/v1/store/secrets", null, new SecretMessages.PutRequest("apps/db", Map.of("password", "v2")), Empty.class);
        assertThat(raw(pilotSource, "/v1/store/secrets", "get", "{\"path\":\"apps/db\",\"version\":1}"))
                .isEqualTo("200 {\"data\":{\"password\":\"" + SECRET_VALUE + "\"}}");
        List<String> keys = pilot.post("/v1/store/secrets", "list", Empty.INSTANCE, SecretMessages.ListResponse.class).keys();
        assertThat(keys).contains("apps/db").isSorted();
        assertThat(raw(pilotSource, "/v1/store/secrets", "list", "{}")).startsWith("200 {\"keys\":[");
        assertThat(raw(pilotSource, "/v1/store/secrets/metadata", "get", "{\"path\":\"apps/db\"}"))
                .startsWith("200 {\"versions\":{").contains("\"metadata\":{\"currentVersion\":2,\"oldestVersion\":1,");

        pilot.post("/v1/store/secrets", "delete", new SecretMessages.VersionsRequest("apps/db", List.of()), Empty.class);
        assertThat(raw(pilotSource, "/v1/store/secrets", "get", "{\"path\":\"apps/db\"}")).isEqualTo("404 {\"err\":\"api_not_found\"}");
        pilot.post("/v1/store/secrets", "undelete", new SecretMessages.VersionsRequest("apps/db", List.of(2)), Empty.class);
        assertThat(pilot.post("/v1/store/secrets", "get", new SecretMessages.GetRequest("apps/db", null),
                SecretMessages.GetResponse.class).data()).containsEntry("password", "v2");

        StatusMessages.NexusStatus status = pilot.post("/v1/status", null, Empty.INSTANCE, StatusMessages.NexusStatus.class);
        assertThat(status.state()).isEqualTo("READY");
        assertThat(status.backend()).isEqualTo("memory");
    }

    @Test
    void aWorkloadNeedsAPolicyAndGetsExactlyWhatItGrants() {
        MtlsJsonClient workload = client(workloadSource);
        client(pilotSource).post("/v1/store/secrets", null, new SecretMessages.PutRequest("demo/config", Map.of("k", "v")), Empty.class);
        assertThatThrownBy(() -> workload.post("/v1/store/secrets", "get", new SecretMessages.GetRequest("demo/config", null),
                SecretMessages.GetResponse.class))
                .isInstanceOfSatisfying(SpikeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));

        client(pilotSource).post("/v1/acl/policy", null, new PolicyMessages.PutRequest("demo-read",
                "^spiffe://spike.ist/workload/demo$", "^demo/.*$", List.of("read")), Empty.class);
        assertThat(raw(pilotSource, "/v1/acl/policy", "get", "{\"id\":\"demo-read\"}"))
                .contains("\"spiffiedPattern\":\"^spiffe://spike.ist/workload/demo$\"").contains("\"permissions\":[\"read\"]");
        assertThat(workload.post("/v1/store/secrets", "get", new SecretMessages.GetRequest("demo/config", 0),
                SecretMessages.GetResponse.class).data()).containsEntry("k", "v");
        assertThat(raw(workloadSource, "/v1/store/secrets", "", "{\"path\":\"demo/config\",\"values\":{\"k\":\"w\"}}"))
                .isEqualTo("401 {\"err\":\"access_unauthorized\"}");
        assertThat(raw(pilotSource, "/v1/acl/policy", "list", "{}")).contains("{\"id\":\"demo-read\",\"name\":\"demo-read\"}");
    }

    @Test
    void cipherWorksInJsonAndStreamForm() {
        MtlsJsonClient pilot = client(pilotSource);
        CipherMessages.Ciphertext sealed = pilot.post("/v1/cipher/encrypt", null,
                new CipherMessages.Plaintext("hello".getBytes(StandardCharsets.UTF_8)), CipherMessages.Ciphertext.class);
        assertThat(sealed.version()).isEqualTo(1);
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(pilot.post("/v1/cipher/decrypt", null, sealed, CipherMessages.Plaintext.class).plaintext())
                .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        byte[] stream = pilot.postBytes("/v1/cipher/encrypt", null, "stream me".getBytes(StandardCharsets.UTF_8));
        assertThat(stream[0]).isEqualTo((byte) 1);
        assertThat(pilot.postBytes("/v1/cipher/decrypt", null, stream)).isEqualTo("stream me".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void badRequestsGetTheirErrorCodeAndNoStore() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(context(pilotSource))
                .sslParameters(MtlsContexts.parameters(context(pilotSource), false)).build();
        URI base = URI.create("https://localhost:" + apiPort);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(base.resolve("/v1/store/secrets?action=get")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(400);
        assertThat(get.body()).isEqualTo("{\"err\":\"api_bad_request\"}");
        assertThat(get.headers().firstValue("Cache-Control")).contains("no-store");

        byte[] huge = new byte[(1 << 20) + 10];
        java.util.Arrays.fill(huge, (byte) 'a');
        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(base.resolve("/v1/store/secrets"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).isEqualTo("{\"err\":\"api_too_large\"}");

        assertThat(raw(pilotSource, "/v1/store/secrets", "get", "{\"path\":")).isEqualTo("400 {\"err\":\"api_bad_request\"}");
        assertThat(raw(pilotSource, "/v1/store/secrets", "frobnicate", "{}")).isEqualTo("400 {\"err\":\"api_bad_request\"}");
        assertThat(raw(pilotSource, "/v1/nothing", "", "{}")).isEqualTo("404 {\"err\":\"api_not_found\"}");
        assertThat(nexus.process().isAlive()).isTrue();
    }

    @Test
    void healthPortAndAuditLogNeverShowValues() {
        assertThat(SpikeSystem.health(healthPort, "/livez").statusCode()).isEqualTo(200);
        assertThat(SpikeSystem.health(healthPort, "/status").body()).contains("\"state\":\"READY\"").contains("\"shamir\":{\"shares\":3,\"threshold\":2}");
        client(pilotSource).post("/v1/store/secrets", null, new SecretMessages.PutRequest("audit/me", Map.of("k", SECRET_VALUE)), Empty.class);
        assertThat(SpikeSystem.health(healthPort, "/metrics").body())
                .contains("spike_nexus_requests_total{route=\"/v1/store/secrets\",outcome=\"ok\"}")
                .contains("spike_nexus_request_duration_seconds_bucket")
                .contains("spike_nexus_state{state=\"READY\"} 1");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> nexus.logText().contains("path=audit/me"));
        assertThat(nexus.logText()).contains("caller=spiffe://spike.ist/spike/pilot/role/superuser route=/v1/store/secrets path=audit/me outcome=ok")
                .doesNotContain(SECRET_VALUE);
    }

    /**
     * An answer leaves as one TLS record (headers and body sealed together), as a Go server sends
     * it: netty's BoringSSL engine seals one buffer per call, so Jetty's headers and body used to
     * become two records, two seals here and two opens in the client. Counted by a TCP relay
     * between a JDK TLS client and Nexus.
     */
    @Test
    void anAnswerLeavesInOneTlsRecord() throws Exception {
        try (RecordCountingRelay relay = new RecordCountingRelay(apiPort);
             javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context(pilotSource).getSocketFactory()
                     .createSocket("127.0.0.1", relay.port())) {
            tls.setSoTimeout(10_000);
            String request = "POST /v1/store/secrets?action=get HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 22\r\n\r\n{\"path\":\"no/such/one\"}";
            java.io.InputStream in = tls.getInputStream();
            tls.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(readAnswer(in)).startsWith("HTTP/1.1 404");
            // After the first answer the handshake and its session tickets are over: count from here.
            int before = relay.recordsToClient();
            tls.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(readAnswer(in)).startsWith("HTTP/1.1 404").endsWith("{\"err\":\"api_not_found\"}");
            assertThat(relay.recordsToClient() - before).isEqualTo(1);
        }
    }

    /** One HTTP/1.1 answer with a Content-Length, read whole. */
    private static String readAnswer(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new java.io.EOFException("connection closed in the headers: " + head);
            }
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertThat(length.find()).as(head.toString()).isTrue();
        return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
    }

    /** A TCP relay to Nexus that counts the TLS records Nexus sends (5-byte record headers). */
    private static final class RecordCountingRelay implements AutoCloseable {
        private final java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicInteger records = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.List<java.net.Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        RecordCountingRelay(int target) throws java.io.IOException {
            Thread accept = new Thread(() -> {
                try {
                    java.net.Socket client = listener.accept();
                    java.net.Socket server = new java.net.Socket("127.0.0.1", target);
                    sockets.add(client);
                    sockets.add(server);
                    Thread up = new Thread(() -> copy(client, server, false));
                    up.setDaemon(true);
                    up.start();
                    copy(server, client, true);
                } catch (java.io.IOException closed) {
                    // the test ended
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int recordsToClient() {
            return records.get();
        }

        private void copy(java.net.Socket from, java.net.Socket to, boolean count) {
            byte[] buffer = new byte[64 * 1024];
            java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
            try {
                java.io.InputStream in = from.getInputStream();
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    if (count) {
                        pending.write(buffer, 0, n);
                        byte[] bytes = pending.toByteArray();
                        int at = 0;
                        while (bytes.length - at >= 5) {
                            int length = ((bytes[at + 3] & 0xff) << 8) | (bytes[at + 4] & 0xff);
                            if (bytes.length - at < 5 + length) {
                                break;
                            }
                            records.incrementAndGet();
                            at += 5 + length;
                        }
                        pending.reset();
                        pending.write(bytes, at, bytes.length - at);
                    }
                    to.getOutputStream().write(buffer, 0, n);
                }
            } catch (java.io.IOException closed) {
                // either side closed
            }
        }

        @Override
        public void close() throws java.io.IOException {
            listener.close();
            for (java.net.Socket s : sockets) {
                s.close();
            }
        }
    }
}
