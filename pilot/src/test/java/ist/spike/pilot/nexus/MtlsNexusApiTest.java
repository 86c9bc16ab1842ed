package ist.spike.pilot.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import ist.spike.core.api.CipherMessages;
import ist.spike.core.api.OperatorMessages;
import ist.spike.core.api.PolicyMessages;
import ist.spike.core.api.SecretMessages;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request shape of every call, checked against a plain HTTP server: the real
 * {@link MtlsJsonClient} speaks HTTP for an {@code http://} base, so no SVIDs are needed. The mTLS
 * side is the lead's end-to-end tests with a real Nexus.
 */
class MtlsNexusApiTest {
    record Seen(String method, String path, String query, String contentType, String body) {
    }

    private HttpServer server;
    private volatile Seen seen;
    private volatile int status = 200;
    private volatile byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
    private MtlsNexusApi api;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        api = new MtlsNexusApi(new MtlsJsonClient(SSLContext.getDefault(), base, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Arguments call(String name, Consumer<NexusApi> call, String path, String action, String body,
                                  String answer) {
        return Arguments.of(name, call, path, action, body, answer);
    }

    static Stream<Arguments> calls() {
        String shard = "[" + String.join(",", java.util.Collections.nCopies(32, "7")) + "]";
        return Stream.of(
                call("put secret", a -> a.putSecret(new SecretMessages.PutRequest("db", Map.of("k", "v"))),
                        "/v1/store/secrets", null, "{\"path\":\"db\",\"values\":{\"k\":\"v\"}}", "{}"),
                call("get secret", a -> a.getSecret(new SecretMessages.GetRequest("db", 2)),
                        "/v1/store/secrets", "get", "{\"path\":\"db\",\"version\":2}", "{\"data\":{\"k\":\"v\"}}"),
                call("delete secret", a -> a.deleteSecret(new SecretMessages.VersionsRequest("db", List.of(1, 2))),
                        "/v1/store/secrets", "delete", "{\"path\":\"db\",\"versions\":[1,2]}", "{}"),
                call("undelete secret", a -> a.undeleteSecret(new SecretMessages.VersionsRequest("db", List.of())),
                        "/v1/store/secrets", "undelete", "{\"path\":\"db\",\"versions\":[]}", "{}"),
                call("list secrets", NexusApi::listSecrets, "/v1/store/secrets", "list", "{}", "{\"keys\":[\"a\"]}"),
                call("secret metadata", a -> a.getSecretMetadata(new SecretMessages.GetRequest("db", null)),
                        "/v1/store/secrets/metadata", "get", "{\"path\":\"db\",\"version\":null}",
                        "{\"versions\":{},\"metadata\":{\"currentVersion\":1,\"oldestVersion\":1,\"createdTime\":"
                                + "\"2025-01-01T00:00:00Z\",\"updatedTime\":\"2025-01-01T00:00:00Z\",\"maxVersions\":10}}"),
                call("upsert policy", a -> a.upsertPolicy(new PolicyMessages.PutRequest("n", "s", "p", List.of("read"))),
                        "/v1/acl/policy", null,
                        "{\"name\":\"n\",\"spiffeidPattern\":\"s\",\"pathPattern\":\"p\",\"permissions\":[\"read\"]}", "{}"),
                call("get policy", a -> a.getPolicy(new PolicyMessages.IdRequest("n")), "/v1/acl/policy", "get",
                        "{\"id\":\"n\"}", "{\"id\":\"i\",\"name\":\"n\",\"spiffiedPattern\":\"s\",\"pathPattern\":\"p\","
                                + "\"permissions\":[\"read\"],\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":"
                                + "\"2025-01-01T00:00:00Z\"}"),
                call("list policies", a -> a.listPolicies(new PolicyMessages.ListRequest(null, "p")), "/v1/acl/policy",
                        "list", "{\"spiffeidPattern\":null,\"pathPattern\":\"p\"}", "{\"policies\":[]}"),
                call("delete policy", a -> a.deletePolicy(new PolicyMessages.IdRequest("n")), "/v1/acl/policy", "delete",
                        "{\"id\":\"n\"}", "{}"),
                call("encrypt json", a -> a.encrypt(new CipherMessages.Plaintext(new byte[] {1, 2})), "/v1/cipher/encrypt",
                        null, "{\"plaintext\":\"AQI=\"}", "{\"version\":1,\"nonce\":\"AA==\",\"ciphertext\":\"AA==\"}"),
                call("decrypt json", a -> a.decrypt(new CipherMessages.Ciphertext(1, new byte[] {0}, new byte[] {0})),
                        "/v1/cipher/decrypt", null, "{\"version\":1,\"nonce\":\"AA==\",\"ciphertext\":\"AA==\"}",
                        "{\"plaintext\":\"AQI=\"}"),
                call("recover", NexusApi::recover, "/v1/operator/recover", null, "{}", "{\"shards\":{\"1\":" + shard + "}}"),
                call("restore", a -> a.restore(new OperatorMessages.RestoreRequest(3, SecretBytes.copyOf(new byte[32]))),
                        "/v1/operator/restore", null,
                        "{\"id\":3,\"shard\":[" + String.join(",", java.util.Collections.nCopies(32, "0")) + "]}",
                        "{\"collected\":1,\"remaining\":1,\"restored\":false}"),
                call("status", NexusApi::status, "/v1/status", null, "{}",
                        "{\"state\":\"READY\",\"backend\":\"sqlite\",\"shamir\":{\"shares\":3,\"threshold\":2},"
                                + "\"keepers\":[],\"restore\":{\"collected\":0,\"remaining\":2},\"badShards\":[]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void everyCallPostsJsonToItsPathAndAction(String name, Consumer<NexusApi> call, String path, String action,
                                              String body, String response) {
        answer = response.getBytes(StandardCharsets.UTF_8);
        call.accept(api);
        assertThat(seen).isEqualTo(new Seen("POST", path, action == null ? null : "action=" + action,
                "application/json", body));
    }

    @Test
    void theStreamFormPostsOctetsAndReturnsTheRawAnswer() {
        answer = new byte[] {1, 9, 9};
        assertThat(api.encryptStream(new byte[] {5, 6})).containsExactly(1, 9, 9);
        assertThat(seen.path()).isEqualTo("/v1/cipher/encrypt");
        assertThat(seen.query()).isNull();
        assertThat(seen.contentType()).isEqualTo("application/octet-stream");
        assertThat(api.decryptStream(new byte[] {1, 2})).containsExactly(1, 9, 9);
        assertThat(seen.path()).isEqualTo("/v1/cipher/decrypt");
    }

    @Test
    void errorAnswersBecomeTheirCodes() throws IOException {
        status = 404;
        answer = "{\"err\":\"api_not_found\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> api.getSecret(new SecretMessages.GetRequest("db", null)))
                .isInstanceOfSatisfying(SpikeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        status = 503;
        answer = "{\"err\":\"state_not_ready\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> api.encryptStream(new byte[] {1}))
                .isInstanceOfSatisfying(SpikeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_READY));
    }
}
