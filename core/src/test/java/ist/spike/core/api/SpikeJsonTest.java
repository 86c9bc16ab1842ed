package ist.spike.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.core.crypto.SecretBytes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpikeJsonTest {
    private final ObjectMapper json = SpikeJson.mapper();

    @Test
    void shardsAreArraysOf32Ints() throws Exception {
        byte[] raw = new byte[32];
        raw[0] = (byte) 255;
        raw[31] = 7;
        String text = json.writeValueAsString(new OperatorMessages.RestoreRequest(2, SecretBytes.copyOf(raw)));
        assertThat(text).startsWith("{\"id\":2,\"shard\":[255,0,").endsWith(",0,7]}");
        OperatorMessages.RestoreRequest back = json.readValue(text, OperatorMessages.RestoreRequest.class);
        assertThat(back.shard().revealCopy()).isEqualTo(raw);
        assertThat(back.toString()).doesNotContain("255");
    }

    @Test
    void recoverAnswerKeysShardsByIdText() throws Exception {
        String text = json.writeValueAsString(new OperatorMessages.RecoverResponse(
                Map.of("1", SecretBytes.copyOf(new byte[] {1, 2}))));
        assertThat(text).isEqualTo("{\"shards\":{\"1\":[1,2]}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":1,\"shard\":[256]}",
        "{\"id\":1,\"shard\":[-1]}",
        "{\"id\":1,\"shard\":[\"1\"]}",
        "{\"id\":1,\"shard\":[1.5]}",
        "{\"id\":1,\"shard\":\"AAAA\"}",
        "{\"id\":1,\"shard\":[1],\"extra\":true}",
        "{\"id\":\"1\",\"shard\":[1]}",
        "{\"id\":1,\"shard\":[1]} trailing",
        "{\"id\":null,\"shard\":[1]}",
        "{\"id\":1.5,\"shard\":[1]}",
        "{\"id\":1.0,\"shard\":[1]}",
        "{\"id\":1,\"id\":2,\"shard\":[1]}",
    })
    void refusesMalformedShardMessages(String body) {
        assertThatThrownBy(() -> json.readValue(body, OperatorMessages.RestoreRequest.class))
                .isInstanceOf(com.fasterxml.jackson.core.JacksonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"path\":\"a/b\",\"path\":\"c/d\"}",
        "{\"path\":5}",
        "{\"path\":true}",
        "{\"path\":\"a/b\",\"version\":1.5}",
        "{\"path\":\"a/b\",\"version\":\"2\"}",
    })
    void refusesRepeatedKeysAndMistypedScalars(String body) {
        assertThatThrownBy(() -> json.readValue(body, SecretMessages.GetRequest.class))
                .isInstanceOf(com.fasterxml.jackson.core.JacksonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"path\":\"a/b\",\"values\":{\"k\":\"v\",\"k\":\"w\"}}",
        "{\"path\":\"a/b\",\"values\":{\"k\":5}}",
    })
    void refusesRepeatedOrMistypedSecretValues(String body) {
        assertThatThrownBy(() -> json.readValue(body, SecretMessages.PutRequest.class))
                .isInstanceOf(com.fasterxml.jackson.core.JacksonException.class);
    }

    @Test
    void policyGetUsesUpstreamsSpellingOfTheSpiffeIdPattern() throws Exception {
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        String text = json.writeValueAsString(new PolicyMessages.Policy("p", "p", "^spiffe://x/.*$", "^db/.*$",
                List.of("read"), t, t));
        assertThat(text).contains("\"spiffiedPattern\":\"^spiffe://x/.*$\"")
                .contains("\"createdAt\":\"2026-01-02T03:04:05Z\"");
    }

    @Test
    void errorAndCipherRecordsMatchTheWire() throws Exception {
        assertThat(json.writeValueAsString(ErrorResponse.of(ist.spike.core.error.ErrorCode.NOT_READY)))
                .isEqualTo("{\"err\":\"state_not_ready\"}");
        assertThat(json.writeValueAsString(new CipherMessages.Ciphertext(1, new byte[] {1}, new byte[] {2})))
                .isEqualTo("{\"version\":1,\"nonce\":\"AQ==\",\"ciphertext\":\"Ag==\"}");
        assertThat(json.writeValueAsString(Empty.INSTANCE)).isEqualTo("{}");
        assertThat(json.readValue("{}", Empty.class)).isEqualTo(Empty.INSTANCE);
        SecretMessages.PutRequest put = json.readValue("{\"path\":\"a/b\",\"values\":{\"k\":\"hunter2\"}}",
                SecretMessages.PutRequest.class);
        assertThat(put.values()).containsEntry("k", "hunter2");
        assertThat(put.toString()).doesNotContain("hunter2");
    }
}
