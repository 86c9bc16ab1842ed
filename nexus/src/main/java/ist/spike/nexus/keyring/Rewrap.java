package ist.spike.nexus.keyring;

import ist.spike.core.crypto.Aead;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.policy.SqlitePolicyStore;
import ist.spike.nexus.secret.SqliteSecretStore;
import ist.spike.nexus.state.NexusState;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.RowKeys;
import ist.spike.nexus.storage.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-seals rows of older key terms under the current one after {@code spike operator rotate --rewrap}
 * (DESIGN §3a), in the background: bounded batches in primary-key order, each its own transaction
 * among the other writes, so reads and writes keep working. A row changed meanwhile is left to its
 * writer (the update matches the old term and bytes only). The target is stored, so a crash resumes
 * from the start of the table, skipping rows already done.
 */
public final class Rewrap implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rewrap.class);
    static final int BATCH = 256;

    private final SqliteDatabase db;
    private final Keyring keyring;
    private final RootKey rootKey;
    private final Consumer<String> secretResealed;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rewrap");
        t.setDaemon(true);
        return t;
    });
    private volatile long remaining;
    private volatile boolean running;
    private volatile long done;

    /**
     * {@code secretResealed} hears the path of each secret row re-sealed, once its batch has
     * committed (the secret store forgets what it cached of it).
     */
    public Rewrap(SqliteDatabase db, Keyring keyring, RootKey rootKey, Consumer<String> secretResealed) {
        this.db = db;
        this.keyring = keyring;
        this.rootKey = rootKey;
        this.secretResealed = secretResealed;
    }

    /** Checks every {@code periodMillis} whether there is a rewrap to do, and does it. */
    public void start(long periodMillis) {
        thread.scheduleWithFixedDelay(this::runIfWanted, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Rows still to re-seal: counted while one runs, or from the database while one waits to resume. */
    public long remaining() {
        if (running) {
            return remaining;
        }
        Integer target = keyring.state().rewrapTo();
        return target == null ? 0 : count(target);
    }

    /** Rows re-sealed since this Nexus started. */
    public long done() {
        return done;
    }

    private void runIfWanted() {
        try {
            if (rootKey.state() != NexusState.READY) {
                return;
            }
            Integer target = keyring.state().rewrapTo();
            if (target != null) {
                run(target);
            }
        } catch (RuntimeException e) {
            if (!thread.isShutdown()) {
                LOG.error("rewrap step failed (retried): {}", e.toString());
            }
        }
    }

    /** Re-seals every row below {@code target}; returns when none is left. */
    void run(int target) {
        remaining = count(target);
        running = true;
        try {
            runTo(target);
        } finally {
            running = false;
        }
    }

    private void runTo(int target) {
        LOG.info("re-sealing {} rows below key term {}", remaining, target);
        long started = System.nanoTime();
        long before = done;
        // Passes until none is left: a writer that took the old term just before the rotation may commit
        // behind the scan. A pass that re-seals nothing ends it (rows that do not open stay as they are).
        long left = remaining;
        while (left > 0 && !thread.isShutdown()) {
            long passStart = done;
            walk(SECRETS, target);
            walk(POLICIES, target);
            left = count(target);
            remaining = left;
            if (done == passStart && left > 0) {
                LOG.error("{} rows below key term {} cannot be opened and stay as they are", left, target);
                break;
            }
        }
        if (thread.isShutdown()) {
            return; // stopped: the stored target makes the next start resume
        }
        keyring.rewrapDone(target);
        remaining = 0;
        long rows = done - before;
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        LOG.info("re-sealed {} rows in {} ms ({} rows/s)", rows, (long) (seconds * 1000), (long) (rows / seconds));
    }

    private long count(int target) {
        return db.read(s -> {
            PreparedStatement q = s.statement("SELECT (SELECT COUNT(*) FROM secret_versions WHERE term < ?)"
                    + " + (SELECT COUNT(*) FROM policies WHERE term < ?)");
            q.setInt(1, target);
            q.setInt(2, target);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** A sealed row: its key ({@code version} 0 for a policy), its term and its sealed bytes. */
    private record Row(String key, int version, int term, byte[] data) {
    }

    /** Binds a row's key to a statement from parameter {@code at}; returns the next parameter. */
    @FunctionalInterface
    private interface KeyBinder {
        int bind(PreparedStatement statement, int at, Row row) throws SQLException;
    }

    /**
     * A sealed table the rewrap walks in key order: the batch after a cursor ({@code select}, the key
     * bound first), the conditional re-seal ({@code update}: data, term, the key, then the old term
     * and bytes), and the associated data its rows are sealed with.
     */
    private record Table(String select, String update, KeyBinder key, Function<Row, byte[]> binding) {
    }

    private static final Table SECRETS = new Table(
            "SELECT path, version, term, data FROM secret_versions WHERE (path, version) > (?, ?)"
                    + " ORDER BY path, version LIMIT " + BATCH,
            "UPDATE secret_versions SET data = ?, term = ? WHERE path = ? AND version = ? AND term = ? AND data = ?",
            (statement, at, row) -> {
                statement.setString(at, row.key());
                statement.setInt(at + 1, row.version());
                return at + 2;
            },
            row -> SqliteSecretStore.binding(row.key(), row.version()));

    private static final Table POLICIES = new Table(
            "SELECT name, 0, term, body FROM policies WHERE name > ? ORDER BY name LIMIT " + BATCH,
            "UPDATE policies SET body = ?, term = ? WHERE name = ? AND term = ? AND body = ?",
            (statement, at, row) -> {
                statement.setString(at, row.key());
                return at + 1;
            },
            row -> SqlitePolicyStore.binding(row.key()));

    /** A row and its bytes sealed anew. */
    private record Resealed(Row old, byte[] data) {
    }

    /** Re-seals every row of {@code table} below {@code target}, a batch at a time. */
    private void walk(Table table, int target) {
        Row cursor = new Row("", Integer.MIN_VALUE, 0, null);
        while (!thread.isShutdown()) {
            Row after = cursor;
            List<Row> batch = db.read(s -> {
                PreparedStatement q = s.statement(table.select());
                table.key().bind(q, 1, after);
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBytes(4)));
                    }
                }
                return rows;
            });
            if (batch.isEmpty()) {
                return;
            }
            cursor = batch.get(batch.size() - 1);
            RowKeys.Term now = keyring.current();
            List<Resealed> resealed = new ArrayList<>();
            for (Row r : batch) {
                if (r.term() < target) {
                    byte[] data = reseal(r.data(), r.term(), now.aead(), table.binding().apply(r));
                    if (data != null) {
                        resealed.add(new Resealed(r, data));
                    }
                }
            }
            write(table, resealed, now.number());
        }
    }

    /** The row's data sealed under {@code to}; null for a row that does not open (left as it is, reported elsewhere). */
    private byte[] reseal(byte[] sealed, int term, Aead to, byte[] aad) {
        byte[] plaintext;
        try {
            plaintext = keyring.of(term).open(sealed, aad);
        } catch (SpikeException e) {
            return null;
        }
        try {
            return to.seal(plaintext, aad);
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Writes a batch in one transaction; a row changed meanwhile (term or bytes) is left to its writer. */
    private void write(Table table, List<Resealed> rows, int term) {
        if (rows.isEmpty()) {
            return;
        }
        int updated;
        try {
            updated = db.write(s -> {
                int n = 0;
                for (Resealed r : rows) {
                    PreparedStatement u = s.statement(table.update());
                    u.setBytes(1, r.data());
                    u.setInt(2, term);
                    int at = table.key().bind(u, 3, r.old());
                    u.setInt(at, r.old().term());
                    u.setBytes(at + 1, r.old().data());
                    n += u.executeUpdate();
                }
                return n;
            });
        } finally {
            if (table == SECRETS) {
                rows.forEach(r -> secretResealed.accept(r.old().key()));
            }
        }
        done += updated;
        remaining = Math.max(0, remaining - rows.size());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
