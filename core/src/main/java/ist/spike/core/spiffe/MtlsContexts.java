package ist.spike.core.spiffe;

import io.spiffe.provider.SpiffeKeyManager;
import io.spiffe.provider.SpiffeTrustManager;
import io.spiffe.provider.SpiffeVerificationException;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.workloadapi.X509Source;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * SSL contexts for SPIKE's mTLS, built with java-spiffe-provider: our SVID from the
 * {@link X509Source} (rotation followed), the peer's chain checked against the bundle of its trust
 * domain, and the peer's SPIFFE ID checked by an explicit predicate.
 *
 * <p>Security: there is deliberately no "accept any" variant. A server that authorizes per route
 * passes a predicate naming the trust domains it accepts.
 */
public final class MtlsContexts {
    public static final String TLS_13 = "TLSv1.3";
    /** TLS 1.3's cipher suites, the only ones a SPIKE server negotiates. */
    public static final java.util.List<String> TLS_13_CIPHER_SUITES =
            java.util.List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
    /**
     * How long a server lets a client resume a session without a new certificate check: a client
     * back within it skips a full handshake's signatures, its SPIFFE ID carried over from the first.
     */
    public static final java.time.Duration SESSION_LIFETIME = java.time.Duration.ofMinutes(5);

    private MtlsContexts() {
    }

    /** A context for either side; {@code acceptedPeer} decides which peer IDs complete the handshake. */
    public static SSLContext create(X509Source source, Predicate<SpiffeId> acceptedPeer) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(acceptedPeer, "acceptedPeer");
        try {
            SSLContext context = SSLContext.getInstance(TLS_13);
            KeyManager[] keyManagers = {new SpiffeKeyManager(source)};
            TrustManager[] trustManagers = {trustManager(source, acceptedPeer)};
            context.init(keyManagers, trustManagers, null);
            // A resumed session skips the certificate check: bounded like the BoringSSL servers'.
            context.getServerSessionContext().setSessionTimeout((int) SESSION_LIFETIME.toSeconds());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make a TLS 1.3 context", e);
        }
    }

    /**
     * The check of a peer: its chain against the bundle of its trust domain (from {@code source},
     * rotation followed), then its SPIFFE ID against {@code acceptedPeer}.
     */
    public static X509TrustManager trustManager(X509Source source, Predicate<SpiffeId> acceptedPeer) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(acceptedPeer, "acceptedPeer");
        return new SpiffeTrustManager(source, (id, chain) -> {
            if (!acceptedPeer.test(id)) {
                throw new SpiffeVerificationException("SPIFFE ID " + id + " is not accepted here");
            }
        });
    }

    /** TLS 1.3 only; for servers, client certificates required. */
    public static SSLParameters parameters(SSLContext context, boolean server) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(new String[] {TLS_13});
        if (server) {
            p.setNeedClientAuth(true);
        }
        return p;
    }

    /** Accepts IDs whose trust domain is one of {@code trustDomains}. */
    public static Predicate<SpiffeId> inTrustDomains(java.util.Set<String> trustDomains) {
        java.util.Set<String> copy = java.util.Set.copyOf(trustDomains);
        return id -> copy.contains(id.getTrustDomain().getName());
    }
}
