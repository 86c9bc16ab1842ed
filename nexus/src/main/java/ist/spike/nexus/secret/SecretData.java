package ist.spike.nexus.secret;

import java.util.Map;

/**
 * The key/value data of one version, opened only when asked for: a store can hand out versions
 * whose data is still sealed, so reading metadata, adding a version or deleting one never
 * decrypts other versions (and one damaged row never hides the others).
 */
@FunctionalInterface
public interface SecretData {
    /** The values; may decrypt, and throws when the stored data fails its integrity check. */
    Map<String, String> values();

    static SecretData of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return () -> copy;
    }
}
