package ist.spike.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's plain-HTTP port: {@code /livez}, {@code /readyz} and {@code /metrics} (Prometheus
 * text, JOSDK's metrics and ours). A handful of kubelet and Prometheus requests a minute: the JDK's
 * built-in server is enough here.
 */
public final class OperatorHealthServer implements AutoCloseable {
    private final HttpServer server;

    public OperatorHealthServer(int port, BooleanSupplier ready, Supplier<String> metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "operator-health");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    send(exchange, 405, "text/plain", "use GET\n");
                    return;
                }
                switch (exchange.getRequestURI().getPath()) {
                    case "/livez" -> send(exchange, 200, "text/plain", "ok\n");
                    case "/readyz" -> {
                        boolean isReady = ready.getAsBoolean();
                        send(exchange, isReady ? 200 : 503, "text/plain", isReady ? "ready\n" : "not ready\n");
                    }
                    case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
                    default -> send(exchange, 404, "text/plain", "not found\n");
                }
            }
        });
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
