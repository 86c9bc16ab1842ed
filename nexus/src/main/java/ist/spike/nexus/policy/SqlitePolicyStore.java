package ist.spike.nexus.policy;

import ist.spike.core.api.SpikeJson;
import ist.spike.core.crypto.Aead;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.storage.RowBinding;
import ist.spike.nexus.storage.RowKeys;
import ist.spike.nexus.storage.SqliteDatabase;
import ist.spike.nexus.storage.StoredTime;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies in SQLite, each body sealed under the keyring's current term (the row records it) and
 * bound to its name. A row that fails its
 * integrity check hides only itself: it is logged, named by {@link #damaged}, and can be deleted.
 */
public final class SqlitePolicyStore implements PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqlitePolicyStore.class);

    /** The sealed part of a policy. */
    private record Body(String spiffeIdPattern, String pathPattern, List<String> permissions) {
    }

    private final SqliteDatabase db;
    private final RowKeys keys;
    private final Set<String> damaged = ConcurrentHashMap.newKeySet();

    /** Every row under {@code aead}, as term 1. */
    public SqlitePolicyStore(SqliteDatabase db, Aead aead) {
        this(db, () -> aead);
    }

    /** Every row under {@code aead} as term 1, asked on every seal and open. */
    public SqlitePolicyStore(SqliteDatabase db, java.util.function.Supplier<? extends Aead> aead) {
        this(db, RowKeys.single(aead));
    }

    /**
     * A store whose keys arrive later: {@code keys} is asked on every seal and open (Nexus passes its
     * keyring, which answers {@code state_not_ready} until the root key is rebuilt).
     */
    public SqlitePolicyStore(SqliteDatabase db, RowKeys keys) {
        this.db = db;
        this.keys = keys;
    }

    @Override
    public List<Policy> loadAll() {
        // Asked once, outside the loop: without a root key yet the whole load waits (state_not_ready);
        // only a row that fails with the keys in hand is damaged.
        keys.current();
        return db.read(s -> {
            List<Policy> out = new ArrayList<>();
            Set<String> bad = new TreeSet<>();
            try (ResultSet rs = s.statement("SELECT name, body, created_time, updated_time, term FROM policies"
                    + " ORDER BY name").executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    try {
                        Body body = open(keys.of(rs.getInt(5)), name, rs.getBytes(2));
                        out.add(new Policy(name, body.spiffeIdPattern(), body.pathPattern(),
                                Permission.parse(body.permissions()), StoredTime.parse(rs.getString(3)),
                                StoredTime.parse(rs.getString(4))));
                    } catch (RuntimeException e) {
                        bad.add(name);
                    }
                }
            }
            if (!bad.isEmpty()) {
                LOG.error("{} stored polic{} cannot be read and are ignored (tampered with, moved, or sealed under another"
                        + " root key): {}; delete and re-create them", bad.size(), bad.size() == 1 ? "y" : "ies", bad);
            }
            damaged.retainAll(bad);
            damaged.addAll(bad);
            return out;
        });
    }

    @Override
    public List<String> damaged() {
        return List.copyOf(new TreeSet<>(damaged));
    }

    @Override
    public void save(Policy policy) {
        RowKeys.Term term = keys.current();
        byte[] sealed = seal(term.aead(), policy);
        db.write(s -> {
            PreparedStatement insert = s.statement("INSERT OR REPLACE INTO policies (name, body, created_time,"
                    + " updated_time, term) VALUES (?, ?, ?, ?, ?)");
            insert.setString(1, policy.name());
            insert.setBytes(2, sealed);
            insert.setString(3, StoredTime.format(policy.createdAt()));
            insert.setString(4, StoredTime.format(policy.updatedAt()));
            insert.setInt(5, term.number());
            return insert.executeUpdate();
        });
        // Re-created under a damaged name: the new row is sound.
        damaged.remove(policy.name());
    }

    @Override
    public boolean delete(String name) {
        return db.write(s -> {
            PreparedStatement delete = s.statement("DELETE FROM policies WHERE name = ?");
            delete.setString(1, name);
            boolean deleted = delete.executeUpdate() > 0;
            damaged.remove(name);
            return deleted;
        });
    }

    private static byte[] seal(Aead aead, Policy p) {
        try {
            byte[] body = SpikeJson.mapper().writeValueAsBytes(new Body(p.spiffeIdPattern(), p.pathPattern(),
                    p.permissions().stream().map(Permission::wire).sorted().toList()));
            return aead.seal(body, binding(p.name()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a policy", e);
        }
    }

    /** The associated data of a policy's body: bound to its name. */
    public static byte[] binding(String name) {
        return RowBinding.of("policy", name, "body");
    }

    private static Body open(Aead key, String name, byte[] sealed) {
        try {
            return SpikeJson.mapper().readValue(key.open(sealed, binding(name)), Body.class);
        } catch (SpikeException | IOException e) {
            throw new SpikeException(ErrorCode.INTERNAL,
                    "the stored policy '" + name + "' failed its integrity check (tampered, moved, or another root key)");
        }
    }
}
