package ist.spike.core.spiffe;

import io.spiffe.spiffeid.SpiffeId;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Reads the SPIFFE ID that the other side of an mTLS connection presented. */
public final class PeerIdentity {
    private static final int URI_SAN = 6;

    private PeerIdentity() {
    }

    /** The peer's SPIFFE ID, or empty when the peer sent no certificate or one without a SPIFFE ID. */
    public static Optional<SpiffeId> of(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            return of(leaf);
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** The SPIFFE ID in the URI SAN of {@code leaf}; an SVID has exactly one. */
    public static Optional<SpiffeId> of(X509Certificate leaf) {
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans == null) {
                return Optional.empty();
            }
            List<String> uris = sans.stream()
                    .filter(san -> ((Integer) san.get(0)) == URI_SAN)
                    .map(san -> (String) san.get(1))
                    .filter(u -> u.startsWith("spiffe://"))
                    .toList();
            return uris.size() == 1 ? Optional.of(SpiffeId.parse(uris.get(0))) : Optional.empty();
        } catch (CertificateParsingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
