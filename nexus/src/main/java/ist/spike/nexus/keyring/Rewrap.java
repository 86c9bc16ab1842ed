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
import java.util.ArrayList;
import java.util.List;
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
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rewrap");
        t.setDaemon(true);
        return t;
    });
    private volatile long remaining;
    private volatile boolean running;
    private volatile long done;

    public Rewrap(SqliteDatabase db, Keyring keyring, RootKey rootKey) {
        this.db = db;
        this.keyring = keyring;
        this.rootKey = rootKey;
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
            secrets(target);
            policies(target);
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

    private record Row(String path, int version, int term, byte[] data) {
    }

    private void secrets(int target) {
        String path = "";
        int version = Integer.MIN_VALUE;
        while (!thread.isShutdown()) {
            String afterPath = path;
            int afterVersion = version;
            List<Row> batch = db.read(s -> {
                PreparedStatement q = s.statement("SELECT path, version, term, data FROM secret_versions"
                        + " WHERE (path, version) > (?, ?) ORDER BY path, version LIMIT " + BATCH);
                q.setString(1, afterPath);
                q.setInt(2, afterVersion);
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
            Row last = batch.get(batch.size() - 1);
            path = last.path();
            version = last.version();
            RowKeys.Term now = keyring.current();
            List<Row> resealed = new ArrayList<>();
            for (Row r : batch) {
                if (r.term() < target) {
                    byte[] aad = SqliteSecretStore.binding(r.path(), r.version());
                    resealed.add(new Row(r.path(), r.version(), r.term(), reseal(r.data(), r.term(), now.aead(), aad)));
                }
            }
            write(resealed, now.number(), "UPDATE secret_versions SET data = ?, term = ? WHERE path = ? AND version = ?"
                    + " AND term = ? AND data = ?", batch);
        }
    }

    private void policies(int target) {
        String name = "";
        while (!thread.isShutdown()) {
            String after = name;
            List<Row> batch = db.read(s -> {
                PreparedStatement q = s.statement("SELECT name, term, body FROM policies WHERE name > ? ORDER BY name LIMIT "
                        + BATCH);
                q.setString(1, after);
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), 0, rs.getInt(2), rs.getBytes(3)));
                    }
                }
                return rows;
            });
            if (batch.isEmpty()) {
                return;
            }
            name = batch.get(batch.size() - 1).path();
            RowKeys.Term now = keyring.current();
            List<Row> resealed = new ArrayList<>();
            for (Row r : batch) {
                if (r.term() < target) {
                    byte[] aad = SqlitePolicyStore.binding(r.path());
                    byte[] data = reseal(r.data(), r.term(), now.aead(), aad);
                    if (data != null) {
                        resealed.add(new Row(r.path(), 0, r.term(), data));
                    }
                }
            }
            write(resealed, now.number(), "UPDATE policies SET body = ?, term = ? WHERE name = ? AND ? = ? AND term = ?"
                    + " AND body = ?", batch);
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

    private void write(List<Row> resealed, int term, String sql, List<Row> original) {
        List<Row> rows = resealed.stream().filter(r -> r.data() != null).toList();
        if (rows.isEmpty()) {
            return;
        }
        java.util.Map<String, byte[]> old = new java.util.HashMap<>();
        original.forEach(r -> old.put(r.path() + "\u0000" + r.version(), r.data()));
        int updated = db.write(s -> {
            int n = 0;
            for (Row r : rows) {
                PreparedStatement u = s.statement(sql);
                u.setBytes(1, r.data());
                u.setInt(2, term);
                u.setString(3, r.path());
                u.setInt(4, r.version());
                if (sql.contains("? = ?")) {
                    u.setInt(5, r.version());
                    u.setInt(6, r.term());
                    u.setBytes(7, old.get(r.path() + "\u0000" + r.version()));
                } else {
                    u.setInt(5, r.term());
                    u.setBytes(6, old.get(r.path() + "\u0000" + r.version()));
                }
                n += u.executeUpdate();
            }
            return n;
        });
        done += updated;
        remaining = Math.max(0, remaining - rows.size());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
