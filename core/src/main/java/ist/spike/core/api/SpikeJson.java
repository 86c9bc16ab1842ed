package ist.spike.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import ist.spike.core.crypto.SecretBytes;
import java.io.IOException;
import java.util.Arrays;

/**
 * The JSON mapping of SPIKE's wire: strict (unknown fields, repeated keys, trailing tokens, numbers
 * where strings or objects belong, and fractions where integers belong are errors), times as RFC 3339 strings, byte arrays as base64, and
 * {@link SecretBytes} (shards) as arrays of integers 0–255, the way upstream's Go encodes
 * {@code [32]byte}.
 */
public final class SpikeJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("spike-secret-bytes")
                    .addSerializer(SecretBytes.class, new ByteArrayOfIntsSerializer())
                    .addDeserializer(SecretBytes.class, new ByteArrayOfIntsDeserializer()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Security: one reading of every body. A repeated key (last wins elsewhere), 1.5 as a version
            // or shard ID, or a number where a string belongs is an error, not a guess.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private SpikeJson() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static final class ByteArrayOfIntsSerializer extends JsonSerializer<SecretBytes> {
        @Override
        public void serialize(SecretBytes value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            byte[] raw = value.revealCopy();
            try {
                gen.writeStartArray();
                for (byte b : raw) {
                    gen.writeNumber(b & 0xff);
                }
                gen.writeEndArray();
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    private static final class ByteArrayOfIntsDeserializer extends JsonDeserializer<SecretBytes> {
        private static final int MAX_LENGTH = 1024;

        @Override
        public SecretBytes deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                return (SecretBytes) ctx.handleUnexpectedToken(SecretBytes.class, p);
            }
            byte[] buf = new byte[MAX_LENGTH];
            int n = 0;
            try {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.VALUE_NUMBER_INT || n == MAX_LENGTH) {
                        // Security: the message names the problem, never the bytes.
                        return (SecretBytes) ctx.reportInputMismatch(SecretBytes.class,
                                "expected an array of integers 0-255");
                    }
                    int v = p.getIntValue();
                    if (v < 0 || v > 255) {
                        return (SecretBytes) ctx.reportInputMismatch(SecretBytes.class,
                                "byte values must be 0-255");
                    }
                    buf[n++] = (byte) v;
                }
                return SecretBytes.takeOwnership(Arrays.copyOf(buf, n));
            } finally {
                Arrays.fill(buf, (byte) 0);
            }
        }
    }
}
