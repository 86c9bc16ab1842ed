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

    private MtlsContexts() {
    }

    /** A context for either side; {@code acceptedPeer} decides which peer IDs complete the handshake. */
    public static SSLContext create(X509Source source, Predicate<SpiffeId> acceptedPeer) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(acceptedPeer, "acceptedPeer");
        try {
            SSLContext context = SSLContext.getInstance(TLS_13);
            KeyManager[] keyManagers = {new SpiffeKeyManager(source)};
            TrustManager[] trustManagers = {new SpiffeTrustManager(source, (id, chain) -> {
                if (!acceptedPeer.test(id)) {
                    throw new SpiffeVerificationException("SPIFFE ID " + id + " is not accepted here");
                }
            })};
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make a TLS 1.3 context", e);
        }
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
