package ist.spike.nexus.secret;

import java.time.Instant;

/** A secret's bookkeeping: current and oldest kept version, times, and how many versions are kept. */
public record SecretMetadata(int currentVersion, int oldestVersion, Instant createdTime, Instant updatedTime,
                             int maxVersions) {
    public SecretMetadata {
        if (maxVersions < 1) {
            throw new IllegalArgumentException("maxVersions must be 1 or more, got " + maxVersions);
        }
    }
}
