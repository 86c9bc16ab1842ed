package ist.spike.nexus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.core.error.SpikeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    @Test
    void aRunnerThatThrowsFailsItsBatchAndTheNextBatchStillRuns() {
        AtomicBoolean broken = new AtomicBoolean(true);
        GroupCommit commits = new GroupCommit(batch -> {
            if (broken.getAndSet(false)) {
                throw new IllegalStateException("runner bug");
            }
            for (GroupCommit.Write<?> w : batch) {
                run(w);
            }
        });
        assertThatThrownBy(() -> commits.submit(s -> "lost")).isInstanceOf(SpikeException.class)
                .hasMessageContaining("database write failed");
        String kept = commits.submit(s -> "kept");
        assertThat(kept).isEqualTo("kept");
    }

    @Test
    void everyWriterGetsItsOwnResultUnderContention() throws Exception {
        List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
        GroupCommit commits = new GroupCommit(batch -> {
            sizes.add(batch.size()); // only one batch runs at a time
            for (GroupCommit.Write<?> w : batch) {
                run(w);
            }
            try {
                Thread.sleep(1); // stands in for the fsync that writers queue behind
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Boolean>> all = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                all.add(CompletableFuture.supplyAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        String expected = thread + "/" + i;
                        if (!expected.equals(commits.submit(s -> expected))) {
                            return false;
                        }
                    }
                    return true;
                }, threads));
            }
            for (CompletableFuture<Boolean> f : all) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(800);
        // Sixteen writers behind a 1 ms commit: most batches carry several writes.
        assertThat(sizes.size()).isLessThan(400);
    }

    private static <T> void run(GroupCommit.Write<T> w) {
        try {
            w.result = w.work.run(null);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
