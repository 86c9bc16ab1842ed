package ist.spike.agent;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.files.PrivateFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The dev agent's certificate authority: an EC P-256 root for one trust domain, kept in
 * {@code ca.key} (0600) and {@code ca.crt}, that signs short-lived X.509-SVIDs as SPIRE would.
 * Thread-safe once loaded.
 */
public final class CertificateAuthority {
    private static final Duration CA_LIFETIME = Duration.ofDays(365);
    private static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final String trustDomain;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, String trustDomain) {
        this.certificate = certificate;
        this.key = key;
        this.trustDomain = trustDomain;
    }

    /**
     * Loads the CA of {@code paths}, creating it for {@code trustDomain} when there is none. An
     * expired CA is replaced with a warning (SVIDs it signed stop verifying anyway).
     *
     * @throws AgentException when the CA files exist but cannot be read, or are for another trust domain
     */
    public static CertificateAuthority loadOrCreate(AgentPaths paths, String trustDomain) {
        try {
            PrivateFiles.createDirectories(paths.dir());
            try (FileChannel lockFile = FileChannel.open(paths.caLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (Files.exists(paths.caKey()) || Files.exists(paths.caCertificate())) {
                    CertificateAuthority ca = load(paths);
                    if (!ca.trustDomain.equals(trustDomain)) {
                        throw new AgentException("the CA in " + paths.dir() + " is for trust domain " + ca.trustDomain
                                + ", not " + trustDomain + "; delete ca.key and ca.crt to make a new one");
                    }
                    if (ca.certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofHours(1)))) {
                        return ca;
                    }
                }
                CertificateAuthority created = create(trustDomain);
                PrivateFiles.writeAtomically(paths.caKey(), Pem.privateKey(created.key).getBytes(StandardCharsets.US_ASCII));
                PrivateFiles.writeAtomically(paths.caCertificate(),
                        Pem.certificates(List.of(created.certificate)).getBytes(StandardCharsets.US_ASCII));
                return created;
            }
        } catch (IOException e) {
            throw new AgentException("cannot use the CA directory " + paths.dir() + ": " + e.getMessage(), e);
        }
    }

    private static CertificateAuthority load(AgentPaths paths) {
        try {
            PrivateKey key = Pem.parseEcPrivateKey(Files.readString(paths.caKey(), StandardCharsets.US_ASCII));
            List<X509Certificate> certs = Pem.parseCertificates(Files.readString(paths.caCertificate(), StandardCharsets.US_ASCII));
            if (certs.size() != 1) {
                throw new GeneralSecurityException("expected one certificate, found " + certs.size());
            }
            X509Certificate cert = certs.get(0);
            String td = ist.spike.core.spiffe.PeerIdentity.of(cert)
                    .map(id -> id.getTrustDomain().getName())
                    .orElseThrow(() -> new GeneralSecurityException("the CA certificate has no SPIFFE trust domain URI"));
            return new CertificateAuthority(cert, key, td);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new AgentException("the CA files " + paths.caKey() + " and " + paths.caCertificate()
                    + " cannot be read (" + e.getMessage() + "); fix their permissions, or delete both to make a new CA", e);
        }
    }

    private static CertificateAuthority create(String trustDomain) {
        try {
            KeyPair pair = newKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("O=SPIKE dev agent,CN=" + trustDomain);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_LIFETIME)), name, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://" + trustDomain)));
            X509Certificate cert = sign(builder, pair.getPrivate());
            return new CertificateAuthority(cert, pair.getPrivate(), trustDomain);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create a CA", e);
        }
    }

    /** A fresh key pair and leaf certificate for {@code id}, valid for {@code ttl}. */
    public Svid issue(SpiffeId id, Duration ttl) {
        if (!id.getTrustDomain().getName().equals(trustDomain)) {
            throw new AgentException(id + " is outside the trust domain " + trustDomain + " of this CA");
        }
        try {
            KeyPair pair = newKeyPair();
            Instant now = Instant.now();
            Instant notAfter = now.plus(ttl);
            if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
                notAfter = certificate.getNotAfter().toInstant();
            }
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter),
                    new X500Name("O=SPIKE dev agent"), pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            // The SPIFFE ID, plus localhost names so curl and openssl can verify a local Nexus or
            // Keeper with --cacert bundle.pem (SPIRE allows DNS names in X509-SVIDs too).
            builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.uniformResourceIdentifier, id.toString()),
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            return new Svid(sign(builder, key), pair.getPrivate(), certificate, now);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue an SVID for " + id, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String trustDomain() {
        return trustDomain;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return gen.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a certificate", e);
        }
    }
}
