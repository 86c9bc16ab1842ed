package ist.spike.agent;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * An issued X.509-SVID: leaf, its private key, the CA that signed it (the bundle), and when it was
 * issued (its notBefore is backdated for clock skew, so rotation counts from here).
 */
record Svid(X509Certificate leaf, PrivateKey key, X509Certificate ca, Instant issuedAt) {
    /** Half-way between issue and expiry: when the agent replaces it. */
    Instant rotationDue() {
        return issuedAt.plus(java.time.Duration.between(issuedAt, notAfter()).dividedBy(2));
    }

    Instant notAfter() {
        return leaf.getNotAfter().toInstant();
    }

    @Override
    public String toString() {
        return "Svid[" + leaf.getSubjectX500Principal() + ", key redacted]";
    }
}
