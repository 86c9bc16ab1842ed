package ist.spike.nexus.recovery;

import ist.spike.core.crypto.SecretBytes;
import java.math.BigInteger;
import java.util.Arrays;

/** Makes root keys: 32 random bytes that are also a valid P-256 scalar, as the Feldman commitments need. */
final class NewRootKey {
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private NewRootKey() {
    }

    static SecretBytes make() {
        while (true) {
            SecretBytes key = SecretBytes.random(32);
            byte[] raw = key.revealCopy();
            BigInteger k = new BigInteger(1, raw);
            Arrays.fill(raw, (byte) 0);
            if (k.signum() != 0 && k.compareTo(P256_ORDER) < 0) {
                return key;
            }
            key.destroy();
        }
    }
}
