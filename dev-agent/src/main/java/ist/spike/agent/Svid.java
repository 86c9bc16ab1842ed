package ist.spike.agent;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** An issued X.509-SVID: leaf, its private key, and the CA that signed it (the bundle). */
record Svid(X509Certificate leaf, PrivateKey key, X509Certificate ca) {
    Instant notBefore() {
        return leaf.getNotBefore().toInstant();
    }

    Instant notAfter() {
        return leaf.getNotAfter().toInstant();
    }

    @Override
    public String toString() {
        return "Svid[" + leaf.getSubjectX500Principal() + ", key redacted]";
    }
}
