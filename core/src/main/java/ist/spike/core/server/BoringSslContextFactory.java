package ist.spike.core.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.workloadapi.X509Source;
import ist.spike.core.spiffe.MtlsContexts;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's TLS engines from BoringSSL (netty-tcnative) instead of the JDK: the handshake's
 * signatures, key exchange and the record cipher run in native code. The peer check stays the one
 * every SPIKE server uses: the same {@link X509TrustManager} (java-spiffe's, with the accepted-IDs
 * predicate) is asked for every client chain.
 *
 * <p>Our SVID rotates: the BoringSSL context holds one SVID's chain and key, so a new context is
 * made the first time a connection sees a newer SVID in the source; connections already open keep
 * theirs. TLS 1.3 only, client certificate required, sessions resumable for {@link MtlsContexts#SESSION_LIFETIME}.
 */
final class BoringSslContextFactory extends SslContextFactory.Server {
    private static final Logger LOG = LoggerFactory.getLogger(BoringSslContextFactory.class);
    /**
     * Jetty hands the engines direct buffers, so netty's own allocator is seldom asked: unpooled,
     * it keeps no arena of native memory for it.
     */
    private static final ByteBufAllocator BUFFERS = UnpooledByteBufAllocator.DEFAULT;

    private final X509Source source;
    private final X509TrustManager peers;
    private volatile Current current;

    private record Current(X509Svid svid, SslContext context) {
    }

    BoringSslContextFactory(X509Source source, X509TrustManager peers) {
        this.source = source;
        this.peers = peers;
    }

    /** Whether BoringSSL loaded on this machine (its native library is built for linux x86_64 and aarch64). */
    static boolean available() {
        try {
            return OpenSsl.isAvailable() && SslProvider.isTlsv13Supported(SslProvider.OPENSSL);
        } catch (LinkageError e) {
            return false;
        }
    }

    /** The library's own version line, for the start-up log. */
    static String version() {
        return OpenSsl.versionString();
    }

    /** Why BoringSSL is not used, for the start-up log. */
    static String unavailableReason() {
        try {
            Throwable cause = OpenSsl.unavailabilityCause();
            return cause == null ? "no TLS 1.3 in this BoringSSL" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        } catch (LinkageError e) {
            return "netty-tcnative is not on the class path";
        }
    }

    /** The first SVID's context is made at start, not by the first client. */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        context();
    }

    @Override
    public SSLEngine newSSLEngine() {
        return context().newEngine(BUFFERS);
    }

    @Override
    public SSLEngine newSSLEngine(String host, int port) {
        return context().newEngine(BUFFERS, host, port);
    }

    @Override
    public SSLEngine newSSLEngine(InetSocketAddress address) {
        return address == null ? newSSLEngine() : newSSLEngine(address.getHostString(), address.getPort());
    }

    /**
     * Our engines are made whole by their context (TLS 1.3 and its suites, client auth): Jetty's
     * parameters, computed for the JDK's context, do not apply to them. Jetty's own engines (its
     * configuration check at start) get them as usual.
     */
    @Override
    public void customize(SSLEngine engine) {
        if (!(engine instanceof ReferenceCountedOpenSslEngine)) {
            super.customize(engine);
        }
    }

    private SslContext context() {
        X509Svid svid = source.getX509Svid();
        Current now = current;
        if (now != null && now.svid() == svid) {
            return now.context();
        }
        synchronized (this) {
            now = current;
            if (now == null || now.svid() != svid) {
                now = new Current(svid, build(svid));
                current = now;
                LOG.debug("TLS context for SVID serial {}", svid.getLeaf().getSerialNumber());
            }
            return now.context();
        }
    }

    private SslContext build(X509Svid svid) {
        try {
            return SslContextBuilder.forServer(svid.getPrivateKey(), svid.getChainArray())
                    .sslProvider(SslProvider.OPENSSL)
                    .protocols(MtlsContexts.TLS_13)
                    .ciphers(MtlsContexts.TLS_13_CIPHER_SUITES)
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(new Peers(peers))
                    .sessionTimeout(MtlsContexts.SESSION_LIFETIME.toSeconds())
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("BoringSSL refused our SVID: " + e.getMessage(), e);
        }
    }

    /** Hands netty the trust manager every SPIKE server uses. */
    private static final class Peers extends SimpleTrustManagerFactory {
        private final TrustManager[] managers;

        Peers(X509TrustManager peers) {
            this.managers = new TrustManager[] {peers};
        }

        @Override
        protected void engineInit(KeyStore keyStore) {
        }

        @Override
        protected void engineInit(ManagerFactoryParameters parameters) {
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            return managers.clone();
        }
    }
}
