package ist.spike.nexus.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.nexus.storage.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite store against the in-memory one as a model: the same random operations must leave
 * the same secrets and answer the same gets, whether the SQLite store answers from what it last
 * wrote, from its cache of current versions, from a reader connection, or from the file after
 * reopening. A tiny write cache makes evictions frequent.
 */
class SqliteSecretStoreModelTest {
    private static final List<String> PATHS = List.of("a/1", "a/2", "b/1", "b/2", "c", "d/e/f");

    @TempDir
    Path dir;

    private final AesGcm aead = new AesGcm(SecretBytes.random(32));
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00.123456Z"), ZoneOffset.UTC);

    @Test
    void randomOperationsLeaveWhatTheModelLeaves() {
        SecretService model = new SecretService(new InMemorySecretStore(), clock, 3);
        SplittableRandom random = new SplittableRandom(42);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("spike.db"))) {
            SecretService sqlite = new SecretService(new SqliteSecretStore(db, () -> aead, 2), clock, 3);
            for (int i = 0; i < 2_000; i++) {
                String path = PATHS.get(random.nextInt(PATHS.size()));
                List<Integer> versions = random.nextBoolean() ? List.of() : List.of(random.nextInt(6), random.nextInt(6));
                switch (random.nextInt(4)) {
                    case 0, 1 -> {
                        Map<String, String> values = Map.of("k", "v" + i);
                        assertThat(sqlite.put(path, values)).isEqualTo(model.put(path, values));
                    }
                    case 2 -> assertSameOutcome(() -> sqlite.delete(path, versions), () -> model.delete(path, versions));
                    default -> assertSameOutcome(() -> sqlite.undelete(path, versions), () -> model.undelete(path, versions));
                }
                assertSameSecret(sqlite, model, path);
                for (int version = 0; version <= 6; version++) {
                    assertSameGet(sqlite, model, path, version);
                }
            }
        }
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("spike.db"))) {
            SecretService reopened = new SecretService(new SqliteSecretStore(db, aead), clock, 3);
            for (String path : PATHS) {
                assertSameSecret(reopened, model, path);
            }
        }
    }

    @Test
    void concurrentPutsToFewPathsLoseNoVersion() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("spike.db"))) {
            SecretService sqlite = new SecretService(new SqliteSecretStore(db, () -> aead, 2), Clock.systemUTC(), 10);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        sqlite.put(PATHS.get((thread + i) % 3), Map.of("t", thread + "/" + i));
                    }
                }, threads));
            }
            for (CompletableFuture<Void> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
            int total = 0;
            for (String path : PATHS.subList(0, 3)) {
                Secret secret = sqlite.metadata(path);
                total += secret.metadata().currentVersion();
                assertThat(secret.versions().keySet()).hasSize(10);
                assertThat(secret.versions().lastKey()).isEqualTo(secret.metadata().currentVersion());
            }
            assertThat(total).isEqualTo(400);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assertSameOutcome(Runnable actual, Runnable expected) {
        Throwable a = catchThrowable(actual::run);
        Throwable e = catchThrowable(expected::run);
        assertThat(a == null ? null : a.getMessage()).isEqualTo(e == null ? null : e.getMessage());
    }

    /** A get (answered from the store's cache of current versions, or read) as the model answers it. */
    private static void assertSameGet(SecretService actual, SecretService expected, String path, int version) {
        Map<String, String>[] got = new Map[2];
        assertSameOutcome(() -> got[0] = actual.get(path, version), () -> got[1] = expected.get(path, version));
        assertThat(got[0]).isEqualTo(got[1]);
    }

    private static void assertSameSecret(SecretService actual, SecretService expected, String path) {
        Throwable missing = catchThrowable(() -> expected.metadata(path));
        if (missing != null) {
            assertThat(catchThrowable(() -> actual.metadata(path))).hasMessage(missing.getMessage());
            return;
        }
        Secret a = actual.metadata(path);
        Secret e = expected.metadata(path);
        assertThat(a.metadata()).isEqualTo(e.metadata());
        assertThat(a.versions().keySet()).isEqualTo(e.versions().keySet());
        for (SecretVersion v : e.versions().values()) {
            SecretVersion mine = a.versions().get(v.version());
            assertThat(mine.deleted()).isEqualTo(v.deleted());
            assertThat(mine.createdTime()).isEqualTo(v.createdTime());
            assertThat(mine.values()).isEqualTo(v.values());
        }
    }
}
