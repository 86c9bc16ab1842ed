package ist.spike.nexus.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.server.ApiResponse;
import ist.spike.core.server.WouldBlock;
import ist.spike.nexus.TestNexus;
import ist.spike.nexus.policy.InMemoryPolicyStore;
import ist.spike.nexus.storage.SqliteDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A get tried where it must not wait (a selector thread) answers only from the store's cache of
 * current versions; otherwise it gives way ({@link WouldBlock}) and runs again on the pool.
 */
class GetFromMemoryTest {
    private static final String GET = "{\"path\":\"apps/db\"}";

    @TempDir
    Path dir;

    @Test
    void aGetThatWouldReadGivesWayAndAnswersFromMemoryOnceRead() {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("spike.db"))) {
            TestNexus nexus = new TestNexus(new SqliteSecretStore(db, new AesGcm(SecretBytes.random(32))),
                    new InMemoryPolicyStore());
            assertThat(nexus.post(TestNexus.SUPERUSER, "/v1/store/secrets", "", "{\"path\":\"apps/db\",\"values\":{\"pw\":\"one\"}}")
                    .status()).isEqualTo(200);

            // Nothing read yet: the get must go to the pool.
            assertThatThrownBy(() -> getWithoutWaiting(nexus, TestNexus.SUPERUSER, GET)).isInstanceOf(WouldBlock.class);
            assertThat(body(nexus.post(TestNexus.SUPERUSER, "/v1/store/secrets", "get", GET))).contains("\"pw\":\"one\"");
            // Read once: from memory now, the same answer, a version asked by number too.
            assertThat(body(getWithoutWaiting(nexus, TestNexus.SUPERUSER, GET))).contains("\"pw\":\"one\"");
            assertThat(body(getWithoutWaiting(nexus, TestNexus.SUPERUSER, "{\"path\":\"apps/db\",\"version\":1}")))
                    .contains("\"pw\":\"one\"");

            // The guard still runs first: a stranger is refused, not sent to the pool.
            assertThat(getWithoutWaiting(nexus, TestNexus.STRANGER, GET).status()).isEqualTo(401);
            assertThat(getWithoutWaiting(nexus, TestNexus.SUPERUSER, "not json").status()).isEqualTo(400);

            // A change forgets the cached version: the next get reads the new one.
            nexus.post(TestNexus.SUPERUSER, "/v1/store/secrets", "", "{\"path\":\"apps/db\",\"values\":{\"pw\":\"two\"}}");
            assertThatThrownBy(() -> getWithoutWaiting(nexus, TestNexus.SUPERUSER, GET)).isInstanceOf(WouldBlock.class);
            assertThat(body(nexus.post(TestNexus.SUPERUSER, "/v1/store/secrets", "get", GET))).contains("\"pw\":\"two\"");
            assertThat(body(getWithoutWaiting(nexus, TestNexus.SUPERUSER, GET))).contains("\"pw\":\"two\"");
            nexus.post(TestNexus.SUPERUSER, "/v1/store/secrets", "delete", "{\"path\":\"apps/db\",\"versions\":[2]}");
            assertThatThrownBy(() -> getWithoutWaiting(nexus, TestNexus.SUPERUSER, GET)).isInstanceOf(WouldBlock.class);
            assertThat(nexus.post(TestNexus.SUPERUSER, "/v1/store/secrets", "get", GET).status()).isEqualTo(404);
        }
    }

    private static ApiResponse getWithoutWaiting(TestNexus nexus, SpiffeId caller, String json) {
        return nexus.router.dispatch("POST", "/v1/store/secrets", "get", caller, "application/json",
                json.getBytes(StandardCharsets.UTF_8), false);
    }

    private static String body(ApiResponse response) {
        assertThat(response.status()).isEqualTo(200);
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
