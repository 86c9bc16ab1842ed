package ist.spike.nexus.policy;

import ist.spike.core.api.SpikeJson;
import ist.spike.core.crypto.Aead;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.storage.RowBinding;
import ist.spike.nexus.storage.SqliteDatabase;
import ist.spike.nexus.storage.StoredTime;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Policies in SQLite, each body sealed with the root key and bound to its name. */
public final class SqlitePolicyStore implements PolicyStore {
    /** The sealed part of a policy. */
    private record Body(String spiffeIdPattern, String pathPattern, List<String> permissions) {
    }

    private final SqliteDatabase db;
    private final java.util.function.Supplier<? extends Aead> aead;

    public SqlitePolicyStore(SqliteDatabase db, Aead aead) {
        this(db, () -> aead);
    }

    /**
     * A store whose key arrives later: {@code aead} is asked on every seal and open (Nexus passes
     * its root-key holder, which answers {@code state_not_ready} until the key is rebuilt).
     */
    public SqlitePolicyStore(SqliteDatabase db, java.util.function.Supplier<? extends Aead> aead) {
        this.db = db;
        this.aead = aead;
    }

    @Override
    public List<Policy> loadAll() {
        return db.read(s -> {
            List<Policy> out = new ArrayList<>();
            try (ResultSet rs = s.statement("SELECT name, body, created_time, updated_time FROM policies ORDER BY name").executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    Body body = open(name, rs.getBytes(2));
                    out.add(new Policy(name, body.spiffeIdPattern(), body.pathPattern(), Permission.parse(body.permissions()),
                            StoredTime.parse(rs.getString(3)), StoredTime.parse(rs.getString(4))));
                }
            }
            return out;
        });
    }

    @Override
    public void save(Policy policy) {
        byte[] sealed = seal(policy);
        db.write(s -> {
            PreparedStatement insert = s.statement(
                    "INSERT OR REPLACE INTO policies (name, body, created_time, updated_time) VALUES (?, ?, ?, ?)");
            insert.setString(1, policy.name());
            insert.setBytes(2, sealed);
            insert.setString(3, StoredTime.format(policy.createdAt()));
            insert.setString(4, StoredTime.format(policy.updatedAt()));
            return insert.executeUpdate();
        });
    }

    @Override
    public boolean delete(String name) {
        return db.write(s -> {
            PreparedStatement delete = s.statement("DELETE FROM policies WHERE name = ?");
            delete.setString(1, name);
            return delete.executeUpdate() > 0;
        });
    }

    private byte[] seal(Policy p) {
        try {
            byte[] body = SpikeJson.mapper().writeValueAsBytes(new Body(p.spiffeIdPattern(), p.pathPattern(),
                    p.permissions().stream().map(Permission::wire).sorted().toList()));
            return aead.get().seal(body, RowBinding.of("policy", p.name(), "body"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a policy", e);
        }
    }

    private Body open(String name, byte[] sealed) {
        try {
            return SpikeJson.mapper().readValue(aead.get().open(sealed, RowBinding.of("policy", name, "body")), Body.class);
        } catch (SpikeException | IOException e) {
            throw new SpikeException(ErrorCode.INTERNAL,
                    "the stored policy '" + name + "' failed its integrity check (tampered, moved, or another root key)");
        }
    }
}
