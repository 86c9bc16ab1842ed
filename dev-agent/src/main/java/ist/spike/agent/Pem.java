package ist.spike.agent;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** PEM text for certificates and PKCS#8 private keys, the forms curl, openssl and SPIRE use. */
final class Pem {
    private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    static String certificates(List<X509Certificate> chain) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate cert : chain) {
            try {
                sb.append(block("CERTIFICATE", cert.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode a certificate", e);
            }
        }
        return sb.toString();
    }

    static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + MIME.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static List<X509Certificate> parseCertificates(String pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] der : blocks(pem, "CERTIFICATE")) {
            out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        return out;
    }

    static PrivateKey parseEcPrivateKey(String pem) throws GeneralSecurityException {
        List<byte[]> der = blocks(pem, "PRIVATE KEY");
        if (der.size() != 1) {
            throw new GeneralSecurityException("expected one PKCS#8 PRIVATE KEY block, found " + der.size());
        }
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der.get(0)));
    }

    private static List<byte[]> blocks(String pem, String type) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int b = pem.indexOf(begin, from);
            if (b < 0) {
                return out;
            }
            int e = pem.indexOf(end, b);
            if (e < 0) {
                throw new GeneralSecurityException("unterminated " + type + " block");
            }
            try {
                out.add(Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e)));
            } catch (IllegalArgumentException ex) {
                throw new GeneralSecurityException("a " + type + " block is not base64", ex);
            }
            from = e + end.length();
        }
    }
}
