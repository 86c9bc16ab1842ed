package ist.spike.nexus.recovery;

import ist.spike.core.shamir.FeldmanCommitments;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.nexus.storage.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The root-key record in SQLite: the key check (one row of {@code root_key}) and the sharing
 * generations. Every change is one transaction, so a crash leaves the record before or after it.
 */
public final class RootKeyRecordStore {
    private final SqliteDatabase db;

    public RootKeyRecordStore(SqliteDatabase db) {
        this.db = db;
    }

    /**
     * The passphrase escrow: the root key sealed under a key derived from a passphrase with Argon2id.
     *
     * @param keyCheck check of the key it holds
     */
    public record Escrow(byte[] keyCheck, byte[] salt, int memoryKib, int iterations, int parallelism, byte[] sealedKey,
                         Instant createdAt) {
        @Override
        public String toString() {
            return "Escrow[created " + createdAt + ", sealed key redacted]";
        }
    }

    /** Wrong passphrases since the last right one, and when the last came. */
    public record Attempts(int failures, Instant lastFailure) {
        static final Attempts NONE = new Attempts(0, null);
    }

    /** When recovery files were last taken, and of which generation. */
    public record RecoveryFiles(int generation, Instant takenAt) {
    }

    public Optional<RootKeyRecord> load() {
        return db.read(s -> {
            byte[] keyCheck;
            try (ResultSet rs = s.statement("SELECT key_check FROM root_key WHERE id = 1").executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                keyCheck = rs.getBytes(1);
            }
            List<SharingGeneration> generations = new ArrayList<>();
            try (ResultSet rs = s.statement("SELECT generation, shares, threshold, commitments, key_check, status,"
                    + " revoked_time FROM sharing_generations").executeQuery()) {
                while (rs.next()) {
                    String revoked = rs.getString(7);
                    generations.add(new SharingGeneration(rs.getInt(1), new ShamirParameters(rs.getInt(2), rs.getInt(3)),
                            FeldmanCommitments.decode(rs.getString(4)), rs.getBytes(5),
                            SharingGeneration.Status.of(rs.getString(6)), revoked == null ? null : Instant.parse(revoked)));
                }
            }
            return Optional.of(new RootKeyRecord(keyCheck, generations));
        });
    }

    /** Stores the record of a new key (generation 1); refuses to replace an existing one. */
    public void create(RootKeyRecord record) {
        SharingGeneration first = record.current();
        db.write(s -> {
            PreparedStatement insert = s.statement("INSERT INTO root_key (id, key_check, commitments, shares, threshold,"
                    + " created_time) VALUES (1, ?, ?, ?, ?, ?)");
            insert.setBytes(1, record.keyCheck());
            insert.setString(2, first.commitments().encode());
            insert.setInt(3, first.sharing().shares());
            insert.setInt(4, first.sharing().threshold());
            insert.setString(5, Instant.now().toString());
            insert.executeUpdate();
            insertGeneration(s, first);
            return null;
        });
    }

    /**
     * Records {@code next} as the pending generation (phase one of a re-share). A pending one for other
     * parameters that never completed is retired, not deleted: its shards stay recognisable.
     */
    public void beginReshare(SharingGeneration next) {
        db.write(s -> {
            s.statement("UPDATE sharing_generations SET status = 'retired' WHERE status = 'pending'").executeUpdate();
            insertGeneration(s, next);
            return null;
        });
    }

    /** Phase two: the pending generation becomes current, the current one retired, in one transaction. */
    public void completeReshare(int generation) {
        db.write(s -> {
            PreparedStatement retire = s.statement("UPDATE sharing_generations SET status = 'retired' WHERE status = 'current'");
            retire.executeUpdate();
            PreparedStatement promote = s.statement(
                    "UPDATE sharing_generations SET status = 'current' WHERE generation = ? AND status = 'pending'");
            promote.setInt(1, generation);
            if (promote.executeUpdate() != 1) {
                throw new SQLException("no pending sharing generation " + generation);
            }
            return null;
        });
    }

    /**
     * Phase one of a rekey: {@code next} (a generation of the new key) is recorded as pending and
     * {@code sealed} seals everything again under the new key, in one transaction. Any other pending
     * generation is retired first.
     */
    public void beginRekey(SharingGeneration next, SealedUnderRootKey.Work sealAgain) {
        db.write(s -> {
            s.statement("UPDATE sharing_generations SET status = 'retired' WHERE status = 'pending'").executeUpdate();
            insertGeneration(s, next);
            sealAgain.run(s);
            return null;
        });
    }

    /**
     * Phase two of a rekey, in one transaction: the new key's check replaces the old, its generation
     * becomes current, every generation of the old key is revoked, and {@code swap} puts the new
     * sealing in force.
     */
    public void completeRekey(SharingGeneration next, SealedUnderRootKey.Work swap) {
        db.write(s -> {
            PreparedStatement check = s.statement("UPDATE root_key SET key_check = ? WHERE id = 1");
            check.setBytes(1, next.keyCheck());
            check.executeUpdate();
            PreparedStatement revoke = s.statement("UPDATE sharing_generations SET status = 'revoked', revoked_time = ?"
                    + " WHERE generation <> ? AND status <> 'revoked'");
            revoke.setString(1, Instant.now().toString());
            revoke.setInt(2, next.number());
            revoke.executeUpdate();
            PreparedStatement promote = s.statement(
                    "UPDATE sharing_generations SET status = 'current' WHERE generation = ? AND status = 'pending'");
            promote.setInt(1, next.number());
            if (promote.executeUpdate() != 1) {
                throw new SQLException("no pending sharing generation " + next.number());
            }
            swap.run(s);
            return null;
        });
    }

    /** A rekey whose new key is lost (a crash before T Keepers held it): its generation and sealing go. */
    public void abandonRekey(SharingGeneration next, SealedUnderRootKey.Work forget) {
        db.write(s -> {
            PreparedStatement drop = s.statement("DELETE FROM sharing_generations WHERE generation = ? AND status = 'pending'");
            drop.setInt(1, next.number());
            drop.executeUpdate();
            forget.run(s);
            return null;
        });
    }

    /** Notes that recovery files of {@code generation} were handed out now. */
    public void recordRecoveryFiles(int generation) {
        db.write(s -> {
            PreparedStatement upsert = s.statement("INSERT INTO recovery_files (id, generation, taken_time) VALUES (1, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, taken_time = excluded.taken_time");
            upsert.setInt(1, generation);
            upsert.setString(2, Instant.now().toString());
            return upsert.executeUpdate();
        });
    }

    public Optional<RecoveryFiles> recoveryFiles() {
        return db.read(s -> {
            try (ResultSet rs = s.statement("SELECT generation, taken_time FROM recovery_files WHERE id = 1").executeQuery()) {
                return rs.next() ? Optional.of(new RecoveryFiles(rs.getInt(1), Instant.parse(rs.getString(2))))
                        : Optional.empty();
            }
        });
    }

    public Optional<Escrow> escrow() {
        return db.read(s -> {
            try (ResultSet rs = s.statement("SELECT key_check, salt, memory_kib, iterations, parallelism, sealed_key,"
                    + " created_time FROM passphrase_escrow WHERE id = 1").executeQuery()) {
                return rs.next() ? Optional.of(new Escrow(rs.getBytes(1), rs.getBytes(2), rs.getInt(3), rs.getInt(4),
                        rs.getInt(5), rs.getBytes(6), Instant.parse(rs.getString(7)))) : Optional.empty();
            }
        });
    }

    /** Stores {@code escrow} in place of any earlier one; the count of wrong passphrases starts again. */
    public void storeEscrow(Escrow escrow) {
        db.write(s -> {
            PreparedStatement upsert = s.statement("INSERT INTO passphrase_escrow (id, key_check, salt, memory_kib,"
                    + " iterations, parallelism, sealed_key, created_time) VALUES (1, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET key_check = excluded.key_check, salt = excluded.salt,"
                    + " memory_kib = excluded.memory_kib, iterations = excluded.iterations,"
                    + " parallelism = excluded.parallelism, sealed_key = excluded.sealed_key,"
                    + " created_time = excluded.created_time");
            upsert.setBytes(1, escrow.keyCheck());
            upsert.setBytes(2, escrow.salt());
            upsert.setInt(3, escrow.memoryKib());
            upsert.setInt(4, escrow.iterations());
            upsert.setInt(5, escrow.parallelism());
            upsert.setBytes(6, escrow.sealedKey());
            upsert.setString(7, escrow.createdAt().toString());
            upsert.executeUpdate();
            s.statement("DELETE FROM passphrase_attempts").executeUpdate();
            return null;
        });
    }

    /** Deletes the escrow; true when there was one. */
    public boolean removeEscrow() {
        return db.write(s -> {
            s.statement("DELETE FROM passphrase_attempts").executeUpdate();
            return s.statement("DELETE FROM passphrase_escrow").executeUpdate() > 0;
        });
    }

    public Attempts attempts() {
        return db.read(s -> {
            try (ResultSet rs = s.statement("SELECT failures, last_failure_time FROM passphrase_attempts WHERE id = 1")
                    .executeQuery()) {
                return rs.next() ? new Attempts(rs.getInt(1), Instant.parse(rs.getString(2))) : Attempts.NONE;
            }
        });
    }

    /** Counts one more wrong passphrase, at {@code at}; returns the count. */
    public int recordFailure(Instant at) {
        return db.write(s -> {
            PreparedStatement upsert = s.statement("INSERT INTO passphrase_attempts (id, failures, last_failure_time)"
                    + " VALUES (1, 1, ?) ON CONFLICT (id) DO UPDATE SET failures = failures + 1,"
                    + " last_failure_time = excluded.last_failure_time");
            upsert.setString(1, at.toString());
            upsert.executeUpdate();
            try (ResultSet rs = s.statement("SELECT failures FROM passphrase_attempts WHERE id = 1").executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    public void clearFailures() {
        db.write(s -> s.statement("DELETE FROM passphrase_attempts").executeUpdate());
    }

    private static void insertGeneration(ist.spike.nexus.storage.Session s, SharingGeneration g) throws SQLException {
        PreparedStatement insert = s.statement("INSERT INTO sharing_generations (generation, shares, threshold, commitments,"
                + " key_check, status, created_time) VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.setInt(1, g.number());
        insert.setInt(2, g.sharing().shares());
        insert.setInt(3, g.sharing().threshold());
        insert.setString(4, g.commitments().encode());
        insert.setBytes(5, g.keyCheck());
        insert.setString(6, g.status().wire());
        insert.setString(7, Instant.now().toString());
        insert.executeUpdate();
    }
}
