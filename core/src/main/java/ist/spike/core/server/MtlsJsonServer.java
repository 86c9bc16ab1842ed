package ist.spike.core.server;

import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.workloadapi.X509Source;
import ist.spike.core.spiffe.MtlsContexts;
import java.time.Duration;
import java.util.function.Predicate;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mTLS JSON API server Nexus and Keepers share: Jetty 12 without servlets, TLS 1.3 only
 * (BoringSSL where it loads, else the JDK's; see {@link TlsEngine}), client certificates required
 * and checked by java-spiffe's trust manager, HTTP/1.1 keep-alive,
 * idle timeout, capped headers and bodies, bounded body time and calls per identity (see
 * {@link Dispatcher}).
 */
public final class MtlsJsonServer implements AutoCloseable {
    /**
     * How the server listens and how much it accepts.
     *
     * @param idleTimeout how long a connection may stay silent (per read)
     * @param bodyTimeout how long a request's whole body may take to arrive
     * @param maxCallsPerIdentity calls of one SPIFFE ID waiting for the rest of their bodies at once; a quarter of the threads
     *     by default, so a few identities cannot hold them all
     */
    public record Options(ListenAddress address, int maxBodyBytes, Duration idleTimeout, int maxThreads,
                          Duration bodyTimeout, int maxCallsPerIdentity, TlsEngine engine) {
        public static final int ONE_MIB = 1 << 20;

        /** The defaults, the TLS engine from {@code SPIKE_TLS_ENGINE}. */
        public static Options defaults(ListenAddress address) {
            return new Options(address, ONE_MIB, Duration.ofSeconds(30), 64, Duration.ofSeconds(10), 16,
                    TlsEngine.fromEnvironment(System.getenv()));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MtlsJsonServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final TlsEngine engine;

    /**
     * A server presenting {@code source}'s SVID (rotation followed) to clients whose SPIFFE ID
     * {@code acceptedPeer} accepts, their chains checked against the source's bundles.
     */
    public MtlsJsonServer(Options options, X509Source source, Predicate<SpiffeId> acceptedPeer, Router router) {
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

        SslContextFactory.Server tls = tls(options.engine(), source, acceptedPeer);
        tls.setSslContext(MtlsContexts.create(source, acceptedPeer));
        engine = tls instanceof BoringSslContextFactory ? TlsEngine.BORINGSSL : TlsEngine.JDK;
        tls.setNeedClientAuth(true);
        tls.setIncludeProtocols("TLSv1.3");
        tls.setIncludeCipherSuites(MtlsContexts.TLS_13_CIPHER_SUITES.toArray(String[]::new));
        tls.setEndpointIdentificationAlgorithm(null);

        SslConnectionFactory ssl;
        if (engine == TlsEngine.BORINGSSL) {
            // An answer in one TLS record (see OneRecordSslConnectionFactory).
            ssl = new OneRecordSslConnectionFactory(tls, "http/1.1");
            // BoringSSL reads and writes native memory: direct buffers spare a copy each way.
            ssl.setDirectBuffersForEncryption(true);
            ssl.setDirectBuffersForDecryption(true);
        } else {
            ssl = new SslConnectionFactory(tls, "http/1.1");
        }
        // One selector per core: quick calls are answered on the selector threads (see Dispatcher).
        connector = new ServerConnector(server, -1, Math.max(1, Runtime.getRuntime().availableProcessors()), ssl,
                new HttpConnectionFactory(http));
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

    private static SslContextFactory.Server tls(TlsEngine wanted, X509Source source, Predicate<SpiffeId> acceptedPeer) {
        if (wanted == TlsEngine.BORINGSSL) {
            if (BoringSslContextFactory.available()) {
                return new BoringSslContextFactory(source, MtlsContexts.trustManager(source, acceptedPeer));
            }
            LOG.warn("BoringSSL did not load ({}); the API uses the JDK's TLS", BoringSslContextFactory.unavailableReason());
        }
        return new SslContextFactory.Server();
    }

    /**
     * Loads the TLS engine's native library ({@code SPIKE_TLS_ENGINE}) on a background thread, so a
     * server's start overlaps it with other work (fetching the SVID) instead of waiting for it.
     */
    public static void prepareTls() {
        Thread preload = new Thread(() -> {
            try {
                if (TlsEngine.fromEnvironment(System.getenv()) == TlsEngine.BORINGSSL) {
                    BoringSslContextFactory.available();
                }
            } catch (RuntimeException | LinkageError e) {
                // The server's start reports the engine it could use.
            }
        }, "tls-preload");
        preload.setDaemon(true);
        preload.start();
    }

    /** Binds and starts serving; throws when the port cannot be bound. */
    public void start() {
        try {
            server.start();
            LOG.info("mTLS API on port {}: TLS 1.3 by {}", port(),
                    engine == TlsEngine.BORINGSSL ? BoringSslContextFactory.version() : "the JDK (" + Runtime.version() + ")");
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
