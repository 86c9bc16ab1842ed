package ist.spike.nexus.secret;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a secret: its key/value data, when it was created, and when it was soft-deleted
 * (null while live). Security: {@link #toString()} hides the data.
 */
public record SecretVersion(int version, SecretData data, Instant createdTime, Instant deletedTime) {
    public SecretVersion {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1, got " + version);
        }
    }

    /** The version's values (decrypted on demand by persistent stores). */
    public Map<String, String> values() {
        return data.values();
    }

    public boolean isDeleted() {
        return deletedTime != null;
    }

    public Optional<Instant> deleted() {
        return Optional.ofNullable(deletedTime);
    }

    SecretVersion deletedAt(Instant time) {
        return new SecretVersion(version, data, createdTime, time);
    }

    SecretVersion undeleted() {
        return new SecretVersion(version, data, createdTime, null);
    }

    @Override
    public String toString() {
        return "SecretVersion[" + version + ", values redacted, deleted=" + isDeleted() + "]";
    }
}
