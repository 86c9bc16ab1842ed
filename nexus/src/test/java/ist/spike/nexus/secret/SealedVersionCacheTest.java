package ist.spike.nexus.secret;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.nexus.storage.SqliteDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedVersionCacheTest {
    @TempDir
    Path dir;

    private static SecretVersion version(int number) {
        return new SecretVersion(number, () -> Map.of("n", Integer.toString(number)), Instant.EPOCH, null);
    }

    @Test
    void anOfferThatRacedAChangeIsDropped() {
        SealedVersionCache cache = new SealedVersionCache(1 << 20);
        long before = cache.epoch();
        cache.forget("apps/db");
        cache.offer("apps/db", version(1), 32, before);
        assertThat(cache.get("apps/db", 0)).isNull();

        cache.offer("apps/db", version(2), 32, cache.epoch());
        assertThat(cache.get("apps/db", 0).version()).isEqualTo(2);
        assertThat(cache.get("apps/db", 2).version()).isEqualTo(2);
        assertThat(cache.get("apps/db", 1)).isNull();
    }

    @Test
    void staysWithinItsBudget() {
        SealedVersionCache cache = new SealedVersionCache(64 * 1024);
        for (int i = 0; i < 10_000; i++) {
            cache.offer("apps/" + i, version(1), 100, cache.epoch());
            assertThat(cache.held()).isLessThanOrEqualTo(64 * 1024);
        }
        assertThat(cache.size()).isGreaterThan(100);
        // A version bigger than an eighth of the budget is read each time instead.
        cache.offer("apps/big", version(1), 9 * 1024, cache.epoch());
        assertThat(cache.get("apps/big", 0)).isNull();
        for (int i = 0; i < 10_000; i++) {
            cache.forget("apps/" + i);
        }
        assertThat(cache.held()).isZero();
        assertThat(cache.size()).isZero();
    }

    /**
     * One writer puts 1, 2, 3… at a path while readers get it: a get that starts after a put
     * returned never answers an older value (a stale cache entry would).
     */
    @Test
    void aGetNeverAnswersOlderThanTheLastAcknowledgedPut() throws Exception {
        AesGcm aead = new AesGcm(SecretBytes.random(32));
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("spike.db"))) {
            SecretService secrets = new SecretService(new SqliteSecretStore(db, aead), Clock.systemUTC(), 3);
            secrets.put("apps/counter", Map.of("n", "0"));
            AtomicInteger acknowledged = new AtomicInteger();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<String> stale = new AtomicReference<>();
            AtomicInteger gets = new AtomicInteger();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                Thread reader = new Thread(() -> {
                    while (writing.get() && stale.get() == null) {
                        int atLeast = acknowledged.get();
                        int seen = Integer.parseInt(secrets.get("apps/counter", 0).get("n"));
                        gets.incrementAndGet();
                        if (seen < atLeast) {
                            stale.set("read " + seen + " after " + atLeast + " was acknowledged");
                        }
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int n = 1; n <= 300 && stale.get() == null; n++) {
                secrets.put("apps/counter", Map.of("n", Integer.toString(n)));
                acknowledged.set(n);
            }
            writing.set(false);
            for (Thread reader : readers) {
                reader.join();
            }
            assertThat(stale.get()).isNull();
            assertThat(gets.get()).isGreaterThan(300);
        }
    }
}
