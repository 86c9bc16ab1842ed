package ist.spike.nexus.secret;

import ist.spike.core.error.SpikeException;
import java.util.List;

/** Version numbers as requests carry them: absent or 0 means the current one; never negative. */
final class SecretVersions {
    private static final int MAX_LISTED = 1000;

    private SecretVersions() {
    }

    static void requireVersion(Integer version) {
        if (version != null && version < 0) {
            throw SpikeException.badRequest("a version is 0 (current) or more");
        }
    }

    static int orCurrent(Integer version) {
        return version == null ? 0 : version;
    }

    static List<Integer> requireVersions(List<Integer> versions) {
        if (versions == null) {
            return List.of();
        }
        if (versions.size() > MAX_LISTED) {
            throw SpikeException.badRequest("at most " + MAX_LISTED + " versions per call");
        }
        versions.forEach(SecretVersions::requireVersion);
        return versions;
    }
}
