package ist.spike.nexus.secret;

import com.fasterxml.jackson.core.type.TypeReference;
import ist.spike.core.api.SpikeJson;
import ist.spike.core.crypto.Aead;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.storage.RowBinding;
import ist.spike.nexus.storage.RowKeys;
import ist.spike.nexus.storage.Session;
import ist.spike.nexus.storage.SqliteDatabase;
import ist.spike.nexus.storage.StoredTime;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Secrets in SQLite. Each version's data is sealed with AES-256-GCM under the keyring's current
 * term (its row records the term), a fresh nonce per write, and associated data naming its path and
 * version, so rows cannot be swapped. Paths,
 * version numbers and times are stored in the clear (as upstream). Data is opened only when a
 * version's values are asked for.
 *
 * <p>Writes keep the secrets they last wrote ({@value #WRITTEN_SECRETS} of them, least recently
 * written dropped first) so the next change of the same path needs no read inside its batch;
 * the copies hold sealed data only. Nexus is the only writer of its database, and a write that
 * rolls back drops its path from them, so they never differ from what the writer connection
 * sees. Gets keep the current version of the paths they read, sealed too, forgotten once a change
 * of the path commits ({@link SealedVersionCache}); {@code Rewrap}, the one other writer of these
 * rows, reports its re-seals through {@link #resealed}.
 */
public final class SqliteSecretStore implements SecretStore {
    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() {
    };
    private static final String SELECT_METADATA = "SELECT current_version, oldest_version, max_versions,"
            + " created_time, updated_time FROM secret_metadata WHERE path = ?";
    private static final String SELECT_VERSIONS =
            "SELECT version, data, created_time, deleted_time, term FROM secret_versions WHERE path = ?";
    /** A get's single statement: the current version (SQLite plans the subquery as one key lookup). */
    private static final String SELECT_CURRENT = "SELECT version, data, created_time, deleted_time, term FROM secret_versions"
            + " WHERE path = ?1 AND version = (SELECT current_version FROM secret_metadata WHERE path = ?1)";
    private static final String SELECT_VERSION =
            "SELECT version, data, created_time, deleted_time, term FROM secret_versions WHERE path = ? AND version = ?";
    private static final String UPSERT_METADATA = "INSERT OR REPLACE INTO secret_metadata (path, current_version,"
            + " oldest_version, max_versions, created_time, updated_time) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_VERSION = "INSERT OR REPLACE INTO secret_versions (path, version, data,"
            + " created_time, deleted_time, term) VALUES (?, ?, ?, ?, NULL, ?)";
    private static final String MARK_VERSION = "UPDATE secret_versions SET deleted_time = ? WHERE path = ? AND version = ?";
    private static final String DELETE_VERSION = "DELETE FROM secret_versions WHERE path = ? AND version = ?";

    static final int WRITTEN_SECRETS = 2_048;
    /** What the current-version cache of gets may hold: sealed data of a few thousand typical secrets. */
    static final long CURRENT_CACHE_BYTES = 8L << 20;

    private final SqliteDatabase db;
    /** Touched only inside {@code db.write}, where one batch runs at a time. */
    private final Map<String, Secret> written;
    /** The current version of paths read lately, sealed; see {@link SealedVersionCache}. */
    private final SealedVersionCache current = new SealedVersionCache(CURRENT_CACHE_BYTES);
    private final RowKeys keys;

    /** Every row under {@code aead}, as term 1. */
    public SqliteSecretStore(SqliteDatabase db, Aead aead) {
        this(db, () -> aead);
    }

    /** Every row under {@code aead} as term 1, asked on every seal and open. */
    public SqliteSecretStore(SqliteDatabase db, java.util.function.Supplier<? extends Aead> aead) {
        this(db, RowKeys.single(aead), WRITTEN_SECRETS);
    }

    /**
     * A store whose keys arrive later: {@code keys} is asked on every seal and open (Nexus passes its
     * keyring, which answers {@code state_not_ready} until the root key is rebuilt).
     */
    public SqliteSecretStore(SqliteDatabase db, RowKeys keys) {
        this(db, keys, WRITTEN_SECRETS);
    }

    /** Keeps up to {@code writtenSecrets} recently written secrets (tests make it small). */
    SqliteSecretStore(SqliteDatabase db, java.util.function.Supplier<? extends Aead> aead, int writtenSecrets) {
        this(db, RowKeys.single(aead), writtenSecrets);
    }

    private SqliteSecretStore(SqliteDatabase db, RowKeys keys, int writtenSecrets) {
        this.db = db;
        this.keys = keys;
        this.written = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Secret> eldest) {
                return size() > writtenSecrets;
            }
        };
    }

    @Override
    public Optional<Secret> load(String path) {
        return db.read(s -> load(s, path));
    }

    @Override
    public Optional<SecretVersion> liveInMemory(String path, int version) {
        return Optional.ofNullable(current.get(path, version));
    }

    @Override
    public Optional<SecretVersion> live(String path, int version) {
        SecretVersion cached = current.get(path, version);
        if (cached != null) {
            return Optional.of(cached);
        }
        long epoch = current.epoch();
        return db.read(s -> {
            PreparedStatement live = s.statement(version == 0 ? SELECT_CURRENT : SELECT_VERSION);
            live.setString(1, path);
            if (version != 0) {
                live.setInt(2, version);
            }
            try (ResultSet rs = live.executeQuery()) {
                if (!rs.next() || rs.getString(4) != null) {
                    return Optional.empty();
                }
                int number = rs.getInt(1);
                byte[] sealed = rs.getBytes(2);
                int term = rs.getInt(5);
                SecretVersion found = new SecretVersion(number, () -> open(path, number, term, sealed),
                        StoredTime.parse(rs.getString(3)), null);
                if (version == 0) {
                    current.offer(path, found, sealed.length, epoch);
                }
                return Optional.of(found);
            }
        });
    }

    @Override
    public Secret.Change update(String path, Function<Optional<Secret>, Secret.Change> operation) {
        // The key term is asked for outside the write: opening the keyring the first time writes too.
        RowKeys.Term term = keys.current();
        try {
            return db.write(s -> {
                Secret known = written.get(path);
                Secret.Change change = operation.apply(known != null ? Optional.of(known) : load(s, path));
                if (!change.isEmpty()) {
                    s.onRollback(() -> written.remove(path));
                    written.put(path, persist(s, change, term));
                }
                return change;
            });
        } finally {
            // After the commit (or the failure): gets read the database again from here on.
            current.forget(path);
        }
    }

    /**
     * A row of {@code path} was re-sealed by another writer ({@code Rewrap}, DESIGN §3a), after that
     * write committed: the next get reads it anew.
     */
    public void resealed(String path) {
        current.forget(path);
    }

    @Override
    public List<String> paths() {
        return db.read(s -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.statement("SELECT path FROM secret_metadata ORDER BY path").executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    private Optional<Secret> load(Session s, String path) throws SQLException {
        SecretMetadata metadata;
        PreparedStatement meta = s.statement(SELECT_METADATA);
        meta.setString(1, path);
        try (ResultSet rs = meta.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            metadata = new SecretMetadata(rs.getInt(1), rs.getInt(2), StoredTime.parse(rs.getString(4)),
                    StoredTime.parse(rs.getString(5)), rs.getInt(3));
        }
        TreeMap<Integer, SecretVersion> versions = new TreeMap<>();
        PreparedStatement rows = s.statement(SELECT_VERSIONS);
        rows.setString(1, path);
        try (ResultSet rs = rows.executeQuery()) {
            while (rs.next()) {
                int version = rs.getInt(1);
                byte[] sealed = rs.getBytes(2);
                String deleted = rs.getString(4);
                int term = rs.getInt(5);
                versions.put(version, new SecretVersion(version, () -> open(path, version, term, sealed),
                        StoredTime.parse(rs.getString(3)), deleted == null ? null : StoredTime.parse(deleted)));
            }
        }
        return Optional.of(new Secret(path, metadata, versions));
    }

    /** Writes the rows {@code change} touched; returns the new secret with its new data sealed. */
    private Secret persist(Session s, Secret.Change change, RowKeys.Term term) throws SQLException {
        Secret secret = change.secret();
        SecretMetadata m = secret.metadata();
        PreparedStatement meta = s.statement(UPSERT_METADATA);
        meta.setString(1, secret.path());
        meta.setInt(2, m.currentVersion());
        meta.setInt(3, m.oldestVersion());
        meta.setInt(4, m.maxVersions());
        meta.setString(5, StoredTime.format(m.createdTime()));
        meta.setString(6, StoredTime.format(m.updatedTime()));
        meta.executeUpdate();
        Secret stored = secret;
        if (change.added().isPresent()) {
            SecretVersion v = change.added().get();
            byte[] sealed = seal(term.aead(), secret.path(), v);
            PreparedStatement insert = s.statement(INSERT_VERSION);
            insert.setString(1, secret.path());
            insert.setInt(2, v.version());
            insert.setBytes(3, sealed);
            insert.setString(4, StoredTime.format(v.createdTime()));
            insert.setInt(5, term.number());
            insert.executeUpdate();
            // Security: what the store keeps holds the sealed data, never the plaintext values.
            // The supplier captures plain values only: capturing the secret or the version would
            // keep the plaintext and every earlier secret reachable.
            String path = secret.path();
            int version = v.version();
            int number = term.number();
            TreeMap<Integer, SecretVersion> versions = new TreeMap<>(secret.versions());
            versions.put(version, new SecretVersion(version, () -> open(path, version, number, sealed),
                    v.createdTime(), v.deletedTime()));
            stored = new Secret(secret.path(), m, versions);
        }
        for (SecretVersion v : change.marked()) {
            PreparedStatement mark = s.statement(MARK_VERSION);
            mark.setString(1, v.deleted().map(StoredTime::format).orElse(null));
            mark.setString(2, secret.path());
            mark.setInt(3, v.version());
            mark.executeUpdate();
        }
        for (int removed : change.removed()) {
            PreparedStatement delete = s.statement(DELETE_VERSION);
            delete.setString(1, secret.path());
            delete.setInt(2, removed);
            delete.executeUpdate();
        }
        return stored;
    }

    /** The associated data of a version's data: bound to its path and version. */
    public static byte[] binding(String path, int version) {
        return RowBinding.of("secret", path, Integer.toString(version), "data");
    }

    private static byte[] seal(Aead aead, String path, SecretVersion v) {
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

    private Map<String, String> open(String path, int version, int term, byte[] sealed) {
        Aead aead = keys.of(term);
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
