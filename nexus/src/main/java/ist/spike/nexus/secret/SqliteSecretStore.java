package ist.spike.nexus.secret;

import com.fasterxml.jackson.core.type.TypeReference;
import ist.spike.core.api.SpikeJson;
import ist.spike.core.crypto.Aead;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.storage.RowBinding;
import ist.spike.nexus.storage.SqliteDatabase;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Secrets in SQLite. Each version's data is sealed with the root key's AES-256-GCM, a fresh nonce
 * per write, and associated data naming its path and version, so rows cannot be swapped. Paths,
 * version numbers and times are stored in the clear (as upstream).
 */
public final class SqliteSecretStore implements SecretStore {
    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() {
    };

    private final SqliteDatabase db;
    private final Aead aead;

    public SqliteSecretStore(SqliteDatabase db, Aead aead) {
        this.db = db;
        this.aead = aead;
    }

    @Override
    public Optional<Secret> load(String path) {
        return db.read(c -> {
            SecretMetadata metadata;
            try (PreparedStatement s = c.prepareStatement("SELECT current_version, oldest_version, max_versions,"
                    + " created_time, updated_time FROM secret_metadata WHERE path = ?")) {
                s.setString(1, path);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    metadata = new SecretMetadata(rs.getInt(1), rs.getInt(2), Instant.parse(rs.getString(4)),
                            Instant.parse(rs.getString(5)), rs.getInt(3));
                }
            }
            TreeMap<Integer, SecretVersion> versions = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT version, data, created_time, deleted_time FROM secret_versions WHERE path = ?")) {
                s.setString(1, path);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        int version = rs.getInt(1);
                        String deleted = rs.getString(4);
                        byte[] sealed = rs.getBytes(2);
                        versions.put(version, new SecretVersion(version, () -> open(path, version, sealed),
                                Instant.parse(rs.getString(3)), deleted == null ? null : Instant.parse(deleted)));
                    }
                }
            }
            return Optional.of(new Secret(path, metadata, versions));
        });
    }

    @Override
    public void write(Secret.Change change) {
        Secret secret = change.secret();
        // Encrypt before taking the database lock: the lock is held only for the writes.
        Optional<byte[]> sealed = change.added().map(v -> seal(secret.path(), v));
        db.write(c -> {
            SecretMetadata m = secret.metadata();
            try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO secret_metadata (path, current_version,"
                    + " oldest_version, max_versions, created_time, updated_time) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, secret.path());
                s.setInt(2, m.currentVersion());
                s.setInt(3, m.oldestVersion());
                s.setInt(4, m.maxVersions());
                s.setString(5, m.createdTime().toString());
                s.setString(6, m.updatedTime().toString());
                s.executeUpdate();
            }
            if (change.added().isPresent()) {
                SecretVersion v = change.added().get();
                try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO secret_versions (path, version, data,"
                        + " created_time, deleted_time) VALUES (?, ?, ?, ?, NULL)")) {
                    s.setString(1, secret.path());
                    s.setInt(2, v.version());
                    s.setBytes(3, sealed.get());
                    s.setString(4, v.createdTime().toString());
                    s.executeUpdate();
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE secret_versions SET deleted_time = ? WHERE path = ? AND version = ?")) {
                for (SecretVersion v : change.marked()) {
                    s.setString(1, v.deleted().map(Instant::toString).orElse(null));
                    s.setString(2, secret.path());
                    s.setInt(3, v.version());
                    s.executeUpdate();
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM secret_versions WHERE path = ? AND version = ?")) {
                for (int removed : change.removed()) {
                    s.setString(1, secret.path());
                    s.setInt(2, removed);
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<String> paths() {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT path FROM secret_metadata ORDER BY path");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    static byte[] binding(String path, int version) {
        return RowBinding.of("secret", path, Integer.toString(version), "data");
    }

    private byte[] seal(String path, SecretVersion v) {
        byte[] plaintext;
        try {
            plaintext = SpikeJson.mapper().writeValueAsBytes(v.values());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode secret values", e);
        }
        try {
            return aead.seal(plaintext, binding(path, v.version()));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private Map<String, String> open(String path, int version, byte[] sealed) {
        byte[] plaintext;
        try {
            plaintext = aead.open(sealed, binding(path, version));
        } catch (SpikeException e) {
            throw new SpikeException(ErrorCode.INTERNAL, "stored version " + version
                    + " of a secret failed its integrity check (tampered, moved, or sealed under another root key)");
        }
        try {
            return SpikeJson.mapper().readValue(plaintext, VALUES);
        } catch (IOException e) {
            throw new SpikeException(ErrorCode.INTERNAL, "stored version " + version + " of a secret does not decode");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
}
