package ist.spike.core.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import ist.spike.core.api.SpikeJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The plain-HTTP health port: {@code GET /livez}, {@code /readyz}, {@code /status} (JSON) and
 * {@code /metrics} (Prometheus text). Security: it serves no secrets; what it shows comes from
 * {@link Probes}, whose status object must never hold key material.
 */
public final class HealthServer implements AutoCloseable {
    /** What the health port reports. Implementations are thread-safe and fast (no network I/O). */
    public interface Probes {
        boolean ready();

        Object status();

        String metrics();
    }

    private final Server server;
    private final ServerConnector connector;

    public HealthServer(ListenAddress address, Probes probes) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("health");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(address.bindHost());
        connector.setPort(address.port());
        connector.setIdleTimeout(10_000);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                answer(request, response, callback, probes);
                return true;
            }
        });
    }

    private static void answer(Request request, Response response, Callback callback, Probes probes) {
        int status = 200;
        String type = "text/plain; charset=utf-8";
        String body;
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            status = 405;
            body = "use GET\n";
        } else {
            switch (request.getHttpURI().getPath()) {
                case "/livez" -> body = "ok\n";
                case "/readyz" -> {
                    boolean ready = probes.ready();
                    status = ready ? 200 : 503;
                    body = ready ? "ready\n" : "not ready\n";
                }
                case "/status" -> {
                    type = "application/json";
                    body = json(probes.status());
                }
                case "/metrics" -> {
                    type = "text/plain; version=0.0.4; charset=utf-8";
                    body = probes.metrics();
                }
                default -> {
                    status = 404;
                    body = "not found; try /livez, /readyz, /status or /metrics\n";
                }
            }
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String json(Object status) {
        try {
            return SpikeJson.mapper().writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on the health port " + connector.getPort() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the health server did not stop cleanly", e);
        }
    }
}
