package ist.spike.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.core.api.ErrorResponse;
import ist.spike.core.api.SpikeJson;
import ist.spike.core.error.ConnectionException;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.spiffe.MtlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Calls a SPIKE server (Nexus or a Keeper) the way SPIKE does: {@code POST <path>?action=<action>}
 * with a JSON body over mTLS, answer 200 with JSON or an error {@code {"err":"<code>"}}.
 *
 * <p>Thread-safe; connections are kept alive and reused. The {@link SSLContext} decides which
 * server IDs are accepted.
 */
public final class MtlsJsonClient implements AutoCloseable {
    private static final ObjectMapper JSON = SpikeJson.mapper();

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    public MtlsJsonClient(SSLContext sslContext, URI base, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder()
                .sslContext(sslContext)
                .sslParameters(MtlsContexts.parameters(sslContext, false))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI base() {
        return base;
    }

    /**
     * Posts {@code request} as JSON and reads the answer as {@code responseType}.
     *
     * @param action the {@code ?action=} value, or null for none
     * @throws SpikeException with the server's error code when it answered with an error
     * @throws ConnectionException when the server could not be reached or refused our identity
     */
    public <T> T post(String path, String action, Object request, Class<T> responseType) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + request.getClass().getSimpleName() + " as JSON", e);
        }
        HttpResponse<byte[]> response = send(path, action, body, "application/json");
        return parse(response, responseType);
    }

    /** Posts raw bytes (the octet-stream form of the cipher API) and returns the raw answer. */
    public byte[] postBytes(String path, String action, byte[] body) {
        HttpResponse<byte[]> response = send(path, action, body, "application/octet-stream");
        if (response.statusCode() != 200) {
            throw errorOf(response);
        }
        return response.body();
    }

    /**
     * Posts {@code body} with {@code contentType} and returns the raw answer, whatever its status:
     * for tools and tests that need to see the wire.
     */
    public HttpResponse<byte[]> exchange(String path, String action, String contentType, byte[] body) {
        return send(path, action, body, contentType);
    }

    private HttpResponse<byte[]> send(String path, String action, byte[] body, String contentType) {
        URI uri = uri(path, action);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ConnectionException("cannot reach " + base + ": " + describe(e)
                    + " (is it running, and does it accept this SPIFFE ID?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while calling " + base, e);
        }
    }

    private URI uri(String path, String action) {
        String query = action == null ? "" : "?action=" + URLEncoder.encode(action, StandardCharsets.UTF_8);
        return base.resolve(path + query);
    }

    private static <T> T parse(HttpResponse<byte[]> response, Class<T> type) {
        if (response.statusCode() != 200) {
            throw errorOf(response);
        }
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new SpikeException(ErrorCode.INTERNAL,
                    "the server's answer is not the expected " + type.getSimpleName() + " JSON");
        }
    }

    private static SpikeException errorOf(HttpResponse<byte[]> response) {
        ErrorCode code = ErrorCode.fromHttpStatus(response.statusCode());
        try {
            ErrorResponse err = JSON.readValue(response.body(), ErrorResponse.class);
            code = ErrorCode.fromWire(err.err()).orElse(code);
        } catch (IOException | RuntimeException ignored) {
            // Not our error body: the HTTP status tells enough.
        }
        return new SpikeException(code, "the server answered " + response.statusCode() + " " + code.wire());
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    @Override
    public void close() {
        // java.net.http.HttpClient is closeable only from Java 21; its threads end with the JVM.
    }
}
