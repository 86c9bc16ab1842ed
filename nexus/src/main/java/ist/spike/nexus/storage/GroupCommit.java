package ist.spike.nexus.storage;

import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Leader/follower group commit: many threads submit writes, one at a time runs every write queued
 * so far as one batch (one transaction, one fsync) on behalf of all of them.
 *
 * <p>A writer that finds the batch lock free becomes the leader and runs the queue. The others
 * park on their own write, not on the lock: the leader wakes each one whose write it finished,
 * and, after letting go of the lock, the oldest write still queued, whose thread then leads the
 * next batch. So a finished writer never has to take the lock again just to learn that its write
 * committed (waiting on the lock made every batch but the first hold a single write under load),
 * and a lone writer runs its own batch with no hand-off to another thread.
 *
 * <p>Invariant that keeps a queued write from being stranded: a writer queues before it tries the
 * lock, so when its try fails, the holder's peek after unlocking sees it (or an older write, whose
 * leader will take it along).
 */
final class GroupCommit {
    /** One write of a batch. The batch runner sets {@link #result} or {@link #failure}. */
    static final class Write<T> {
        final SqliteDatabase.Work<T> work;
        T result;
        RuntimeException failure;
        private final Thread waiter = Thread.currentThread();
        private volatile boolean done;

        private Write(SqliteDatabase.Work<T> work) {
            this.work = work;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Write<?>> queue = new ConcurrentLinkedQueue<>();
    private final Consumer<List<Write<?>>> runner;

    /** {@code runner} runs one batch, with no other batch running; it must not throw. */
    GroupCommit(Consumer<List<Write<?>>> runner) {
        this.runner = runner;
    }

    /**
     * Queues {@code work} and returns once a batch ran it: its result, or its failure thrown. An
     * interrupt does not abandon the write (it may already be in a transaction); the thread's
     * interrupt status is set again when the write is done.
     */
    <T> T submit(SqliteDatabase.Work<T> work) {
        if (lock.isHeldByCurrentThread()) {
            // A write from inside a write would run a batch inside the open transaction.
            throw new IllegalStateException("a database write cannot start another write");
        }
        Write<T> mine = new Write<>(work);
        queue.add(mine);
        boolean interrupted = false;
        while (!mine.done) {
            if (lock.tryLock()) {
                try {
                    if (!mine.done) {
                        runQueue();
                    }
                } finally {
                    unlockAndWakeNext();
                }
            } else {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** Writes queued while the lock was held found it taken: wake the oldest to lead. */
    private void unlockAndWakeNext() {
        lock.unlock();
        Write<?> next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.waiter);
        }
    }

    private void runQueue() {
        List<Write<?>> batch = new ArrayList<>();
        for (Write<?> w; (w = queue.poll()) != null; ) {
            batch.add(w);
        }
        Throwable broken = null;
        try {
            runner.accept(batch);
        } catch (RuntimeException e) {
            broken = e; // becomes every write's failure, the leader's too
        } catch (Error e) {
            broken = e;
            throw e;
        } finally {
            // Every write of the batch ends, even when the runner broke its contract.
            Thread self = Thread.currentThread();
            for (Write<?> w : batch) {
                if (broken != null) {
                    w.result = null;
                    w.failure = new SpikeException(ErrorCode.INTERNAL, "the database write failed", broken);
                }
                w.done = true;
                if (w.waiter != self) {
                    LockSupport.unpark(w.waiter);
                }
            }
        }
    }

    /** Runs {@code action} while no batch runs (closing the connection under it, say). */
    void exclusively(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            unlockAndWakeNext();
        }
    }

    /** Writes waiting for a batch. */
    int queued() {
        return queue.size();
    }
}
