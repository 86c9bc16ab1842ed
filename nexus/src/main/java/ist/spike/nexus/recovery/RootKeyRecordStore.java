package ist.spike.nexus.recovery;

import ist.spike.core.shamir.FeldmanCommitments;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.nexus.storage.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** The root-key record in SQLite (one row). */
public final class RootKeyRecordStore {
    private final SqliteDatabase db;

    public RootKeyRecordStore(SqliteDatabase db) {
        this.db = db;
    }

    public Optional<RootKeyRecord> load() {
        return db.read(s -> {
            try (ResultSet rs = s.statement("SELECT key_check, commitments, shares, threshold FROM root_key WHERE id = 1")
                    .executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RootKeyRecord(rs.getBytes(1), FeldmanCommitments.decode(rs.getString(2)),
                        new ShamirParameters(rs.getInt(3), rs.getInt(4))));
            }
        });
    }

    /** Stores the record of a new key; refuses to replace an existing one. */
    public void create(RootKeyRecord record) {
        db.write(s -> {
            PreparedStatement insert = s.statement("INSERT INTO root_key (id, key_check, commitments, shares, threshold,"
                    + " created_time) VALUES (1, ?, ?, ?, ?, ?)");
            insert.setBytes(1, record.keyCheck());
            insert.setString(2, record.commitments().encode());
            insert.setInt(3, record.sharing().shares());
            insert.setInt(4, record.sharing().threshold());
            insert.setString(5, java.time.Instant.now().toString());
            return insert.executeUpdate();
        });
    }
}
