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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Nexus SQLite file: WAL journal with {@code synchronous=FULL}, so a commit that returned
 * survives {@code kill -9} and power loss; the file 0600 in a 0700 directory (SQLite gives the WAL
 * and shared-memory files the database's mode); a schema version in {@code user_version},
 * migrated forward on open.
 *
 * <p>Two connections: one for reads (WAL lets them run beside a write) and one for writes. Writes
 * are group-committed: while one batch commits, writers that arrive queue up, and the next of them
 * runs the whole queue in one transaction (each write in its own savepoint, so one failure rolls
 * back only itself) and one fsync. Every writer returns only after the commit that holds its
 * write, so an acknowledged write is durable.
 */
public final class SqliteDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

    /** Migration {@code i} takes the schema from version {@code i} to {@code i + 1}. */
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                "CREATE TABLE secret_metadata (path TEXT PRIMARY KEY, current_version INTEGER NOT NULL,"
                        + " oldest_version INTEGER NOT NULL, max_versions INTEGER NOT NULL,"
                        + " created_time TEXT NOT NULL, updated_time TEXT NOT NULL)",
                "CREATE TABLE secret_versions (path TEXT NOT NULL, version INTEGER NOT NULL, data BLOB NOT NULL,"
                        + " created_time TEXT NOT NULL, deleted_time TEXT, PRIMARY KEY (path, version))",
                "CREATE TABLE policies (name TEXT PRIMARY KEY, body BLOB NOT NULL,"
                        + " created_time TEXT NOT NULL, updated_time TEXT NOT NULL)"));
    public static final int SCHEMA_VERSION = MIGRATIONS.size();

    private final Connection connection;
    private final Connection reader;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending<?>> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** A write waiting for its batch. Fields are written by the batch runner before {@code done}. */
    private static final class Pending<T> {
        final Work<T> work;
        T result;
        RuntimeException failure;
        volatile boolean done;

        Pending(Work<T> work) {
            this.work = work;
        }
    }

    /** Work on the connection inside one transaction (or one read). */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private SqliteDatabase(Connection connection, Connection reader) {
        this.connection = connection;
        this.reader = reader;
    }

    /**
     * Opens (creating when missing) the database at {@code file} and migrates it.
     *
     * @throws SpikeException when the file cannot be opened or is from a newer Nexus
     */
    public static SqliteDatabase open(Path file) {
        try {
            PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                PrivateFiles.restrict(file);
            }
            Connection c = connect(file);
            SqliteDatabase db = new SqliteDatabase(c, null);
            db.migrate(file);
            return new SqliteDatabase(c, connect(file));
        } catch (IOException | SQLException e) {
            throw new SpikeException(ErrorCode.INTERNAL, "cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    private void migrate(Path file) throws SQLException {
        int version;
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > SCHEMA_VERSION) {
            throw new SpikeException(ErrorCode.INTERNAL, "the database " + file + " has schema version " + version
                    + ", newer than this Nexus understands (" + SCHEMA_VERSION + "); run a newer Nexus");
        }
        for (int v = version; v < SCHEMA_VERSION; v++) {
            final int target = v + 1;
            final List<String> statements = MIGRATIONS.get(v);
            write(c -> {
                try (Statement s = c.createStatement()) {
                    for (String sql : statements) {
                        s.execute(sql);
                    }
                    s.execute("PRAGMA user_version=" + target);
                }
                return null;
            });
            LOG.info("database schema migrated to version {}", target);
        }
    }

    /**
     * Runs {@code work} in a transaction (possibly shared with other writers' work, each isolated
     * in a savepoint), committed durably before returning.
     */
    public <T> T write(Work<T> work) {
        Pending<T> mine = new Pending<>(work);
        queue.add(mine);
        lock.lock();
        try {
            if (!mine.done) {
                runBatch();
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** Runs every queued write in one transaction; called with the write lock held. */
    private void runBatch() {
        List<Pending<?>> batch = new java.util.ArrayList<>();
        for (Pending<?> p; (p = queue.poll()) != null; ) {
            batch.add(p);
        }
        try {
            connection.setAutoCommit(false);
            try {
                for (Pending<?> p : batch) {
                    runInSavepoint(p);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                SpikeException failure = e instanceof SQLException sql ? failure(sql) : new SpikeException(ErrorCode.INTERNAL,
                        "the database commit failed");
                batch.forEach(p -> p.failure = p.failure != null ? p.failure : failure);
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            SpikeException failure = failure(e);
            batch.forEach(p -> p.failure = failure);
        }
        batch.forEach(p -> p.done = true);
    }

    private <T> void runInSavepoint(Pending<T> p) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SAVEPOINT w");
            try {
                p.result = p.work.run(connection);
                s.execute("RELEASE w");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK TO w");
                s.execute("RELEASE w");
                p.failure = e instanceof SQLException sql ? failure(sql) : (RuntimeException) e;
            }
        }
    }

    /** Runs a read on the read connection; it sees every write that has returned. */
    public <T> T read(Work<T> work) {
        Connection c = reader == null ? connection : reader;
        ReentrantLock l = reader == null ? lock : readLock;
        l.lock();
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            l.unlock();
        }
    }

    private static SpikeException failure(SQLException e) {
        // Statements bind every value, so the driver's message holds no secret.
        LOG.error("database operation failed: {}", e.getMessage());
        return new SpikeException(ErrorCode.INTERNAL, "the database operation failed", e);
    }

    public int schemaVersion() {
        return read(c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
                return rs.getInt(1);
            }
        });
    }

    @Override
    public void close() {
        lock.lock();
        readLock.lock();
        try {
            reader.close();
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the database failed: {}", e.getMessage());
        } finally {
            readLock.unlock();
            lock.unlock();
        }
    }
}
