package ist.spike.nexus.secret;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a secret: its key/value data, when it was created, and when it was soft-deleted
 * (null while live). Security: {@link #toString()} hides the data.
 */
public record SecretVersion(int version, Map<String, String> data, Instant createdTime, Instant deletedTime) {
    public SecretVersion {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1, got " + version);
        }
        data = Map.copyOf(data);
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
        return "SecretVersion[" + version + ", " + data.size() + " values redacted, deleted=" + isDeleted() + "]";
    }
}
