package ist.spike.nexus.storage;

import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Nexus SQLite file: WAL journal with {@code synchronous=FULL}, so a commit that returned
 * survives {@code kill -9} and power loss; the file 0600 in a 0700 directory (SQLite gives the WAL
 * and shared-memory files the database's mode); a schema version in {@code user_version},
 * migrated forward on open.
 *
 * <p>Reads run on a small pool of reader connections, beside writes (WAL allows that). Writes are
 * group-committed on the one writer connection ({@link GroupCommit}): while a batch commits,
 * arriving writers queue, and the next batch runs them all in one transaction (each write in its
 * own savepoint, so a failing write rolls back only itself) with one fsync. A writer returns only
 * after the commit that holds its write, so an acknowledged write is durable.
 */
public final class SqliteDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final int READERS = 4;

    /**
     * Migration {@code i} takes the schema from version {@code i} to {@code i + 1}. Tables are
     * WITHOUT ROWID: keyed by path, each write touches one B-tree per table instead of two.
     */
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                "CREATE TABLE secret_metadata (path TEXT PRIMARY KEY, current_version INTEGER NOT NULL,"
                        + " oldest_version INTEGER NOT NULL, max_versions INTEGER NOT NULL,"
                        + " created_time TEXT NOT NULL, updated_time TEXT NOT NULL) WITHOUT ROWID",
                "CREATE TABLE secret_versions (path TEXT NOT NULL, version INTEGER NOT NULL, data BLOB NOT NULL,"
                        + " created_time TEXT NOT NULL, deleted_time TEXT, PRIMARY KEY (path, version)) WITHOUT ROWID",
                "CREATE TABLE policies (name TEXT PRIMARY KEY, body BLOB NOT NULL,"
                        + " created_time TEXT NOT NULL, updated_time TEXT NOT NULL) WITHOUT ROWID"),
            List.of(
                // One row: how to recognise the root key without storing it.
                "CREATE TABLE root_key (id INTEGER PRIMARY KEY CHECK (id = 1), key_check BLOB NOT NULL,"
                        + " commitments TEXT NOT NULL, shares INTEGER NOT NULL, threshold INTEGER NOT NULL,"
                        + " created_time TEXT NOT NULL)"),
            List.of(
                // Sharing generations of the root key (DESIGN §3a): root_key keeps the key check; its
                // sharing becomes generation 1. At most one generation is current, at most one pending.
                "CREATE TABLE sharing_generations (generation INTEGER PRIMARY KEY, shares INTEGER NOT NULL,"
                        + " threshold INTEGER NOT NULL, commitments TEXT NOT NULL, status TEXT NOT NULL"
                        + " CHECK (status IN ('pending', 'current', 'retired')), created_time TEXT NOT NULL)",
                "INSERT INTO sharing_generations (generation, shares, threshold, commitments, status, created_time)"
                        + " SELECT 1, shares, threshold, commitments, 'current', created_time FROM root_key",
                // When recovery files were last taken, and of which generation (one row).
                "CREATE TABLE recovery_files (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL,"
                        + " taken_time TEXT NOT NULL)"),
            List.of(
                // The keyring (DESIGN §3a): data keys by term, sealed by the root key. Every sealed row
                // records its term; rows written before it are term 1, whose key is the root key itself
                // (sealed_key NULL), so nothing is re-encrypted by this migration.
                "CREATE TABLE keyring (term INTEGER PRIMARY KEY, sealed_key BLOB, created_time TEXT NOT NULL)",
                "INSERT INTO keyring (term, sealed_key, created_time) VALUES (1, NULL, strftime('%Y-%m-%dT%H:%M:%SZ'))",
                "CREATE TABLE keyring_state (id INTEGER PRIMARY KEY CHECK (id = 1), current_term INTEGER NOT NULL,"
                        + " rewrap_to INTEGER)",
                "INSERT INTO keyring_state (id, current_term, rewrap_to) VALUES (1, 1, NULL)",
                "ALTER TABLE secret_versions ADD COLUMN term INTEGER NOT NULL DEFAULT 1",
                "ALTER TABLE policies ADD COLUMN term INTEGER NOT NULL DEFAULT 1"),
            List.of(
                // Rekey (DESIGN §3a): each generation names its key by its key check; generations of a key
                // replaced by a rekey are 'revoked' (kept to name their files). SQLite cannot change a
                // CHECK, so the table is rebuilt (it holds a handful of rows).
                "CREATE TABLE sharing_generations_v5 (generation INTEGER PRIMARY KEY, shares INTEGER NOT NULL,"
                        + " threshold INTEGER NOT NULL, commitments TEXT NOT NULL, key_check BLOB NOT NULL,"
                        + " status TEXT NOT NULL CHECK (status IN ('pending', 'current', 'retired', 'revoked')),"
                        + " created_time TEXT NOT NULL, revoked_time TEXT)",
                "INSERT INTO sharing_generations_v5 (generation, shares, threshold, commitments, key_check, status,"
                        + " created_time) SELECT g.generation, g.shares, g.threshold, g.commitments, r.key_check,"
                        + " g.status, g.created_time FROM sharing_generations g JOIN root_key r ON r.id = 1",
                "DROP TABLE sharing_generations",
                "ALTER TABLE sharing_generations_v5 RENAME TO sharing_generations",
                // While a rekey runs: every data key sealed under the new root key, swapped in at its end.
                "ALTER TABLE keyring ADD COLUMN sealed_key_next BLOB",
                // Root keys replaced by a rekey, sealed under the current one: cipher outputs made under
                // them still decrypt. A row with sealed_key NULL is being added by a rekey in progress.
                "CREATE TABLE former_root_keys (key_check BLOB PRIMARY KEY, sealed_key BLOB, sealed_key_next BLOB,"
                        + " retired_time TEXT)"),
            List.of(
                // Passphrase escrow (DESIGN §3a): the root key sealed under Argon2id(passphrase), with the
                // derivation's parameters and the check of the key it holds (stale once a rekey replaced it).
                "CREATE TABLE passphrase_escrow (id INTEGER PRIMARY KEY CHECK (id = 1), key_check BLOB NOT NULL,"
                        + " salt BLOB NOT NULL, memory_kib INTEGER NOT NULL, iterations INTEGER NOT NULL,"
                        + " parallelism INTEGER NOT NULL, sealed_key BLOB NOT NULL, created_time TEXT NOT NULL)",
                // Wrong passphrases since the last right one: the next attempt waits longer after each.
                "CREATE TABLE passphrase_attempts (id INTEGER PRIMARY KEY CHECK (id = 1), failures INTEGER NOT NULL,"
                        + " last_failure_time TEXT NOT NULL)"));
    public static final int SCHEMA_VERSION = MIGRATIONS.size();

    /** Work on a session: one write (inside a transaction) or one read. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Session session) throws SQLException;
    }

    private final Session writer;
    private final GroupCommit writes = new GroupCommit(this::runBatch);
    private final BlockingQueue<Session> readers = new ArrayBlockingQueue<>(READERS);
    /** Transactions committed; written only by the batch runner. */
    private volatile long commits;

    private SqliteDatabase(Session writer) {
        this.writer = writer;
    }

    /**
     * Opens (creating when missing) the database at {@code file} and migrates it.
     *
     * @throws SpikeException when the file cannot be opened or is from a newer Nexus
     */
    public static SqliteDatabase open(Path file) {
        SqliteDatabase db = null;
        try {
            PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                PrivateFiles.restrict(file);
            }
            db = new SqliteDatabase(new Session(connect(file)));
            db.migrate(file);
            for (int i = 0; i < READERS; i++) {
                db.readers.add(new Session(connect(file)));
            }
            return db;
        } catch (IOException | SQLException e) {
            if (db != null) {
                db.close();
            }
            throw new SpikeException(ErrorCode.INTERNAL, "cannot open the database " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (db != null) {
                db.close();
            }
            throw e;
        }
    }

    private static Connection connect(Path file) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        // No statement asks for generated keys; the driver would otherwise query them after every insert.
        config.setGetGeneratedKeys(false);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    private void migrate(Path file) {
        int version = userVersion(writer);
        if (version > SCHEMA_VERSION) {
            throw new SpikeException(ErrorCode.INTERNAL, "the database " + file + " has schema version " + version
                    + ", newer than this Nexus understands (" + SCHEMA_VERSION + "); run a newer Nexus");
        }
        for (int v = version; v < SCHEMA_VERSION; v++) {
            final int target = v + 1;
            final List<String> statements = MIGRATIONS.get(v);
            write(s -> {
                try (Statement ddl = s.connection().createStatement()) {
                    for (String sql : statements) {
                        ddl.execute(sql);
                    }
                    ddl.execute("PRAGMA user_version=" + target);
                }
                return null;
            });
            LOG.info("database schema migrated to version {}", target);
        }
    }

    /**
     * Runs {@code work} in a transaction (possibly shared with other writers' work, each isolated
     * in a savepoint), committed durably before returning. The work sees every earlier write.
     * Group-committed: see {@link GroupCommit}.
     */
    public <T> T write(Work<T> work) {
        return writes.submit(work);
    }

    /**
     * Runs a batch of writes in one transaction and one commit; {@link GroupCommit} calls it with
     * no other batch running. A lone write needs no savepoint: when it fails, the whole
     * transaction rolls back.
     */
    private void runBatch(List<GroupCommit.Write<?>> batch) {
        try {
            begin();
            if (batch.size() == 1) {
                runAlone(batch.get(0));
            } else {
                for (GroupCommit.Write<?> w : batch) {
                    runInSavepoint(w);
                }
                commit();
            }
        } catch (SQLException | RuntimeException e) {
            abort();
            SpikeException failure = e instanceof SQLException sql ? failure(sql)
                    : new SpikeException(ErrorCode.INTERNAL, "the database commit failed");
            batch.forEach(w -> {
                w.result = null;
                w.failure = failure;
            });
        } catch (Error e) {
            // The writes fail (GroupCommit says so); the transaction must not outlive them.
            abort();
            throw e;
        }
    }

    /**
     * Starts the batch's transaction. One left open by a rollback that failed (logged when it
     * did) is rolled back first, so one bad batch never fails the next.
     */
    private void begin() throws SQLException {
        try {
            writer.execute("BEGIN");
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("within a transaction")) {
                throw e;
            }
            writer.execute("ROLLBACK");
            writer.execute("BEGIN");
        }
    }

    private <T> void runAlone(GroupCommit.Write<T> p) throws SQLException {
        try {
            p.result = p.work.run(writer);
        } catch (SQLException | RuntimeException e) {
            abort();
            p.failure = writeFailure(e);
            return;
        }
        commit();
    }

    private void commit() throws SQLException {
        writer.execute("COMMIT");
        writer.committed();
        commits++;
    }

    /** Writes waiting for a batch (tests watch it to line writers up). */
    int queuedWrites() {
        return writes.queued();
    }

    /** How many write transactions have committed since open: one per batch of writes. */
    public long commits() {
        return commits;
    }

    private <T> void runInSavepoint(GroupCommit.Write<T> p) throws SQLException {
        writer.execute("SAVEPOINT w");
        int undoMark = writer.undoMark();
        try {
            p.result = p.work.run(writer);
            writer.execute("RELEASE w");
        } catch (SQLException | RuntimeException e) {
            writer.execute("ROLLBACK TO w");
            writer.execute("RELEASE w");
            writer.rolledBack(undoMark);
            p.failure = writeFailure(e);
        }
    }

    /** The failure a write's caller sees: a driver error as the database failing, else its own. */
    private static RuntimeException writeFailure(Exception e) {
        return e instanceof SQLException sql ? failure(sql) : (RuntimeException) e;
    }

    /** Rolls the batch's transaction back and lets its writes' rollback actions run. */
    private void abort() {
        rollback();
        writer.rolledBack(0);
    }

    /** Ends a transaction that failed part-way; SQLite may already have rolled it back. */
    private void rollback() {
        try {
            writer.execute("ROLLBACK");
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                LOG.warn("rolling back a failed write failed: {}", e.getMessage());
            }
        }
    }

    /** Runs a read on a pooled reader; it sees every write that has returned. */
    public <T> T read(Work<T> work) {
        Session session;
        try {
            session = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikeException(ErrorCode.INTERNAL, "interrupted while waiting for the database");
        }
        try {
            return work.run(session);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            readers.add(session);
        }
    }

    private static SpikeException failure(SQLException e) {
        // Statements bind every value, so the driver's message holds no secret.
        LOG.error("database operation failed: {}", e.getMessage());
        return new SpikeException(ErrorCode.INTERNAL, "the database operation failed", e);
    }

    public int schemaVersion() {
        return read(SqliteDatabase::userVersion);
    }

    private static int userVersion(Session s) {
        try (Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() {
        writes.exclusively(() -> {
            List<Session> all = new ArrayList<>();
            readers.drainTo(all);
            all.add(writer);
            for (Session s : all) {
                try {
                    s.close();
                } catch (SQLException e) {
                    LOG.warn("closing the database failed: {}", e.getMessage());
                }
            }
        });
    }
}
