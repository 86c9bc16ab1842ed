package ist.spike.core.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The known-answer vectors of shamir-p256.json (computed with cloudflare/circl, as upstream links). */
class ShamirVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNode VECTORS = load();

    private static JsonNode load() {
        try (InputStream in = ShamirVectorsTest.class.getResourceAsStream("/shamir-p256.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> coefficientStreams() {
        return cases("coefficient_streams");
    }

    static Stream<Arguments> splitCases() {
        return cases("split_cases");
    }

    static Stream<Arguments> combineCases() {
        return cases("combine_cases");
    }

    private static Stream<Arguments> cases(String field) {
        return StreamSupport.stream(VECTORS.get(field).spliterator(), false)
                .map(c -> Arguments.of(c.has("name") ? c.get("name").asText() : c.get("key_hex").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("coefficientStreams")
    void coefficientStreamIsTheSha256Chain(String name, JsonNode c) {
        byte[] key = HEX.parseHex(c.get("key_hex").asText());
        byte[] expected = HEX.parseHex(c.get("first_96_bytes_hex").asText());
        // Every candidate of these keys is below the order, so each next() is one 32-byte block.
        try (CoefficientStream stream = new CoefficientStream(key)) {
            for (int block = 0; block < 3; block++) {
                byte[] candidate = P256.toBytes(stream.next());
                assertThat(candidate).isEqualTo(java.util.Arrays.copyOfRange(expected, block * 32, block * 32 + 32));
            }
            assertThat(stream.bytesConsumed()).isEqualTo(96);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splitCases")
    void splitMatchesUpstream(String name, JsonNode c) {
        SecretBytes key = SecretBytes.copyOf(HEX.parseHex(c.get("key_hex").asText()));
        ShamirParameters params = new ShamirParameters(c.get("n").asInt(), c.get("t").asInt());
        if (!c.get("ok").asBoolean()) {
            assertThatThrownBy(() -> Shamir.split(key, params)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("root key");
            return;
        }
        Polynomial polynomial = Polynomial.of(key, params.threshold());
        List<String> coefficients = polynomial.coefficients().stream().map(b -> HEX.formatHex(P256.toBytes(b))).toList();
        assertThat(coefficients).containsExactlyElementsOf(texts(c.get("coefficients_hex")));
        assertThat(polynomial.streamBytesConsumed()).isEqualTo(c.get("stream_bytes_consumed").asInt());

        List<Share> shares = Shamir.split(key, params);
        List<String> expectedLines = new ArrayList<>();
        c.get("shares").forEach(s -> expectedLines.add(s.get("line").asText()));
        assertThat(shares.stream().map(ShardCodec::encode)).containsExactlyElementsOf(expectedLines);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combineCases")
    void combineMatchesUpstream(String name, JsonNode c) {
        int t = c.get("t").asInt();
        List<String> lines = texts(c.get("lines"));
        if (c.get("ok").asBoolean()) {
            List<Share> shares = lines.stream().map(ShardCodec::decode).toList();
            SecretBytes key = Shamir.combine(t, shares);
            assertThat(HEX.formatHex(key.revealCopy())).isEqualTo(c.get("expected_key_hex").asText());
        } else {
            assertThatThrownBy(() -> Shamir.combine(t, lines.stream().map(ShardCodec::decode).toList()))
                    .isInstanceOf(InvalidShareException.class)
                    // Security: the refusal names the share by ID, never by its value.
                    .satisfies(e -> lines.forEach(l -> assertThat(e.getMessage()).doesNotContain(l.substring(l.lastIndexOf(':') + 1, l.lastIndexOf(':') + 17))));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
