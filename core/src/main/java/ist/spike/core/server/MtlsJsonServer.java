package ist.spike.core.server;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The mTLS JSON API server Nexus and Keepers share: Jetty 12 without servlets, TLS 1.3 only,
 * client certificates required and checked by the given {@link SSLContext}, HTTP/1.1 keep-alive,
 * idle timeout, capped headers and bodies, bounded body time and calls per identity (see
 * {@link Dispatcher}).
 */
public final class MtlsJsonServer implements AutoCloseable {
    /**
     * How the server listens and how much it accepts.
     *
     * @param idleTimeout how long a connection may stay silent (per read)
     * @param bodyTimeout how long a request's whole body may take to arrive
     * @param maxCallsPerIdentity calls of one SPIFFE ID in progress at once; a quarter of the threads
     *     by default, so a few identities cannot hold them all
     */
    public record Options(ListenAddress address, int maxBodyBytes, Duration idleTimeout, int maxThreads,
                          Duration bodyTimeout, int maxCallsPerIdentity) {
        public static final int ONE_MIB = 1 << 20;

        public static Options defaults(ListenAddress address) {
            return new Options(address, ONE_MIB, Duration.ofSeconds(30), 64, Duration.ofSeconds(10), 16);
        }
    }

    private final Server server;
    private final ServerConnector connector;

    public MtlsJsonServer(Options options, SSLContext sslContext, Router router) {
        QueuedThreadPool threads = new QueuedThreadPool(options.maxThreads(), Math.min(8, options.maxThreads()));
        threads.setName("api");
        server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(8 * 1024);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // SVIDs name SPIFFE IDs, not host names.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);

        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(sslContext);
        tls.setNeedClientAuth(true);
        tls.setIncludeProtocols("TLSv1.3");
        tls.setEndpointIdentificationAlgorithm(null);

        connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost(options.address().bindHost());
        connector.setPort(options.address().port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        connector.addBean(new HandshakeFailureLog("mTLS API on port " + options.address().port()));
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new Dispatcher(router, options.maxBodyBytes(), options.bodyTimeout(),
                options.maxCallsPerIdentity()));
        server.setStopTimeout(2000);
    }

    /** Binds and starts serving; throws when the port cannot be bound. */
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + connector.getHost() + ":" + connector.getPort()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the API server did not stop cleanly", e);
        }
    }
}
