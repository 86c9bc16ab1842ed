package ist.spike.nexus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit on the writer connection, watched through its commit count and the rows it leaves. */
class SqliteGroupCommitTest {
    @TempDir
    Path dir;

    private SqliteDatabase db;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("spike.db"));
        db.write(s -> {
            s.execute("CREATE TABLE t (k TEXT PRIMARY KEY)");
            return null;
        });
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        db.close();
    }

    @Test
    void writersThatArriveDuringACommitShareTheNextOne() throws Exception {
        HeldBatch held = new HeldBatch("leader");
        long before = db.commits();

        List<CompletableFuture<Void>> followers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String key = "follower-" + i;
            followers.add(CompletableFuture.runAsync(() -> db.write(s -> insert(s, key)), threads));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queuedWrites() == 8);
        held.release();
        for (CompletableFuture<Void> f : followers) {
            f.get(10, TimeUnit.SECONDS);
        }

        // The leader's own commit, then one for all eight that queued behind it.
        assertThat(db.commits() - before).isEqualTo(2);
        assertThat(keys()).hasSize(9).contains("leader", "follower-0", "follower-7");
    }

    @Test
    void aWriteThatFailsInsideABatchRollsBackOnlyItself() throws Exception {
        HeldBatch held = new HeldBatch(null);

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> db.write(s -> insert(s, "a")), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queuedWrites() == 1);
        CompletableFuture<Void> failing = CompletableFuture.runAsync(() -> db.write(s -> {
            insert(s, "b");
            throw new SpikeException(ErrorCode.BAD_REQUEST, "refused after writing");
        }), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queuedWrites() == 2);
        CompletableFuture<Void> last = CompletableFuture.runAsync(() -> db.write(s -> insert(s, "c")), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queuedWrites() == 3);
        held.release();
        first.get(10, TimeUnit.SECONDS);
        last.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SpikeException.class)
                .hasMessageContaining("refused after writing");
        assertThat(keys()).containsExactly("a", "c");
    }

    @Test
    void aLoneWriteThatFailsLeavesNothingAndCommitsNothing() {
        long before = db.commits();
        assertThatThrownBy(() -> db.write(s -> {
            insert(s, "x");
            throw new SpikeException(ErrorCode.BAD_REQUEST, "refused after writing");
        })).isInstanceOf(SpikeException.class);
        assertThat(db.commits()).isEqualTo(before);
        assertThat(keys()).isEmpty();

        db.write(s -> insert(s, "y"));
        assertThat(keys()).containsExactly("y");
    }

    @Test
    void rollbackActionsRunForTheWritesThatRolledBackAndOnlyForThem() throws Exception {
        List<String> undone = java.util.Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> db.write(s -> {
            s.onRollback(() -> undone.add("lone"));
            throw new SpikeException(ErrorCode.BAD_REQUEST, "refused");
        })).isInstanceOf(SpikeException.class);
        db.write(s -> {
            s.onRollback(() -> undone.add("committed alone"));
            return insert(s, "alone");
        });
        assertThat(undone).containsExactly("lone");

        HeldBatch held = new HeldBatch(null);
        CompletableFuture<Void> kept = CompletableFuture.runAsync(() -> db.write(s -> {
            s.onRollback(() -> undone.add("kept"));
            return insert(s, "kept");
        }), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queuedWrites() == 1);
        CompletableFuture<Void> failing = CompletableFuture.runAsync(() -> db.write(s -> {
            s.onRollback(() -> undone.add("failed in batch"));
            return insert(s, "kept"); // the key is taken by now: a constraint error
        }), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queuedWrites() == 2);
        held.release();
        kept.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SpikeException.class);

        db.write(s -> null); // a later commit never runs earlier writes' actions
        assertThat(undone).containsExactly("lone", "failed in batch");
        assertThat(keys()).containsExactly("alone", "kept");
    }

    @Test
    void aWorkThatThrowsAnErrorLeavesNoTransactionOpen() {
        assertThatThrownBy(() -> db.write(s -> {
            insert(s, "x");
            throw new AssertionError("a bug in a work");
        })).isInstanceOf(AssertionError.class);
        db.write(s -> insert(s, "y"));
        assertThat(keys()).containsExactly("y");
    }

    @Test
    void aWriteCannotStartAnotherWrite() {
        assertThatThrownBy(() -> db.write(s -> db.write(inner -> insert(inner, "inner"))))
                .hasMessageContaining("cannot start another write");
        assertThat(keys()).isEmpty();
    }

    @Test
    void closingWakesWritesQueuedBehindIt() throws Exception {
        HeldBatch held = new HeldBatch(null);
        CompletableFuture<Void> queued = CompletableFuture.runAsync(() -> db.write(s -> insert(s, "late")), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queuedWrites() == 1);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(db::close, threads);
        held.release();
        closing.get(10, TimeUnit.SECONDS);
        // Committed before the close, or refused because the database is closed: never stuck.
        Throwable outcome = org.assertj.core.api.Assertions.catchThrowable(() -> queued.get(10, TimeUnit.SECONDS));
        assertThat(outcome == null || outcome.getCause() instanceof SpikeException).as("outcome %s", outcome).isTrue();
        db = SqliteDatabase.open(dir.resolve("spike.db")); // for close() after the test
    }

    @Test
    void aSqlErrorFailsOnlyItsOwnWrite() {
        db.write(s -> insert(s, "k"));
        assertThatThrownBy(() -> db.write(s -> insert(s, "k"))).isInstanceOf(SpikeException.class)
                .hasMessageContaining("database operation failed");
        db.write(s -> insert(s, "l"));
        assertThat(keys()).containsExactly("k", "l");
    }

    @Test
    void anInterruptedWriterStillGetsItsWriteCommittedAndKeepsTheInterrupt() throws Exception {
        HeldBatch held = new HeldBatch(null);

        CompletableFuture<Boolean> interruptedAfterwards = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            db.write(s -> insert(s, "patient"));
            interruptedAfterwards.complete(Thread.currentThread().isInterrupted());
        });
        writer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queuedWrites() == 1);
        writer.interrupt();
        Thread.sleep(100); // an interrupted park must not spin or give up
        assertThat(interruptedAfterwards).isNotDone();
        held.release();
        assertThat(interruptedAfterwards.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(keys()).containsExactly("patient");
    }

    @Test
    void manyConcurrentWritersLoseNothing() throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            all.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 100; i++) {
                    String key = thread + "-" + i;
                    db.write(s -> insert(s, key));
                }
            }, threads));
        }
        for (CompletableFuture<Void> f : all) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(keys()).hasSize(1600);
    }

    private static Void insert(Session s, String key) throws java.sql.SQLException {
        PreparedStatement insert = s.statement("INSERT INTO t (k) VALUES (?)");
        insert.setString(1, key);
        insert.executeUpdate();
        return null;
    }

    private TreeSet<String> keys() {
        return db.read(s -> {
            TreeSet<String> out = new TreeSet<>();
            try (ResultSet rs = s.statement("SELECT k FROM t").executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /**
     * A write that holds the batch until released, so the writers after it queue for the next
     * one; it inserts {@code key} first when not null.
     */
    private final class HeldBatch {
        private final CountDownLatch inside = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final CompletableFuture<Void> leader;

        HeldBatch(String key) throws InterruptedException {
            leader = CompletableFuture.runAsync(() -> db.write(s -> {
                if (key != null) {
                    insert(s, key);
                }
                inside.countDown();
                awaitRelease(release);
                return null;
            }), threads);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void release() throws Exception {
            release.countDown();
            leader.get(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the batch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
