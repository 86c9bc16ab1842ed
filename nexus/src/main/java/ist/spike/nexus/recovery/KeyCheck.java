package ist.spike.nexus.recovery;

import ist.spike.core.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How Nexus recognises its root key without storing it: HMAC-SHA256 of a fixed label under the
 * key. Security: the value reveals nothing usable about the key; comparison is constant-time.
 */
public final class KeyCheck {
    private static final byte[] LABEL = "spike-nexus/root-key-check/v1".getBytes(StandardCharsets.US_ASCII);

    private KeyCheck() {
    }

    public static byte[] of(SecretBytes key) {
        byte[] raw = key.revealCopy();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(raw, "HmacSHA256"));
            return mac.doFinal(LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    public static boolean matches(SecretBytes key, byte[] expected) {
        return MessageDigest.isEqual(of(key), expected);
    }
}
