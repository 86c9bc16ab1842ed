package ist.spike.nexus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.nexus.policy.Authorizer;
import ist.spike.nexus.policy.Permission;
import ist.spike.nexus.policy.Policy;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.policy.SqlitePolicyStore;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.SqliteSecretStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
    @TempDir
    Path dir;

    private final SecretBytes key = SecretBytes.random(32);

    private Path file() {
        return dir.resolve("data/spike.db");
    }

    @Test
    void secretsSurviveReopenAndPruningReallyDeletesRows() {
        try (SqliteDatabase db = SqliteDatabase.open(file())) {
            SecretService secrets = new SecretService(new SqliteSecretStore(db, new AesGcm(key)), Clock.systemUTC(), 3);
            for (int i = 1; i <= 5; i++) {
                secrets.put("apps/db", Map.of("password", "pw-" + i));
            }
            secrets.delete("apps/db", List.of(4));
            assertThat(rowCount(db, "apps/db")).isEqualTo(3);
        }
        try (SqliteDatabase db = SqliteDatabase.open(file())) {
            SecretService secrets = new SecretService(new SqliteSecretStore(db, new AesGcm(key)), Clock.systemUTC(), 3);
            assertThat(secrets.get("apps/db", 0)).containsEntry("password", "pw-5");
            assertThat(secrets.metadata("apps/db").versions().keySet()).containsExactly(3, 4, 5);
            assertThatThrownBy(() -> secrets.get("apps/db", 4)).isInstanceOf(SpikeException.class);
            assertThat(secrets.paths()).containsExactly("apps/db");
            assertThat(db.schemaVersion()).isEqualTo(SqliteDatabase.SCHEMA_VERSION);
        }
    }

    @Test
    void valuesAreEncryptedAtRestAndFilesAreOwnerOnly() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(file())) {
            new SqliteSecretStore(db, new AesGcm(key));
            new SecretService(new SqliteSecretStore(db, new AesGcm(key)), Clock.systemUTC(), 10)
                    .put("apps/db", Map.of("password", "hunter2-very-secret"));
        }
        for (String name : List.of("spike.db", "spike.db-wal", "spike.db-shm")) {
            Path f = dir.resolve("data").resolve(name);
            if (Files.exists(f)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(name).isEqualTo("rw-------");
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data")))).isEqualTo("rwx------");
    }

    @Test
    void aCiphertextMovedToAnotherPathOrVersionFailsToDecrypt() {
        try (SqliteDatabase db = SqliteDatabase.open(file())) {
            SecretService secrets = new SecretService(new SqliteSecretStore(db, new AesGcm(key)), Clock.systemUTC(), 10);
            secrets.put("apps/a", Map.of("k", "a1"));
            secrets.put("apps/a", Map.of("k", "a2"));
            secrets.put("apps/b", Map.of("k", "b1"));
            // Copy version 1 of apps/a over version 2 of apps/a, and over version 1 of apps/b.
            db.write(s -> s.statement("UPDATE secret_versions SET data ="
                    + " (SELECT data FROM secret_versions WHERE path = 'apps/a' AND version = 1)"
                    + " WHERE (path = 'apps/a' AND version = 2) OR (path = 'apps/b' AND version = 1)").executeUpdate());
            assertThat(secrets.get("apps/a", 1)).containsEntry("k", "a1");
            assertThatThrownBy(() -> secrets.get("apps/a", 2)).isInstanceOf(SpikeException.class)
                    .hasMessageContaining("integrity check").hasMessageNotContaining("a1");
            assertThatThrownBy(() -> secrets.get("apps/b", 0)).isInstanceOf(SpikeException.class)
                    .hasMessageContaining("integrity check");
        }
    }

    @Test
    void anotherRootKeyCannotReadTheStore() {
        try (SqliteDatabase db = SqliteDatabase.open(file())) {
            new SecretService(new SqliteSecretStore(db, new AesGcm(key)), Clock.systemUTC(), 10).put("x", Map.of("k", "v"));
            SecretService other = new SecretService(new SqliteSecretStore(db, new AesGcm(SecretBytes.random(32))), Clock.systemUTC(), 10);
            assertThatThrownBy(() -> other.get("x", 0)).hasMessageContaining("integrity check");
        }
    }

    @Test
    void policiesRoundTripSealedAndBoundToTheirName() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (SqliteDatabase db = SqliteDatabase.open(file())) {
            SqlitePolicyStore store = new SqlitePolicyStore(db, new AesGcm(key));
            store.save(new Policy("readers", "^spiffe://spike.ist/app$", "^apps/.*$", Set.of(Permission.READ), t, t));
            store.save(new Policy("writers", "^x$", "^y$", Set.of(Permission.WRITE, Permission.LIST), t, t));
            assertThat(store.loadAll()).extracting(Policy::name).containsExactly("readers", "writers");
            assertThat(store.loadAll().get(1).permissions()).containsExactlyInAnyOrder(Permission.WRITE, Permission.LIST);
            assertThat(store.delete("writers")).isTrue();
            assertThat(store.delete("writers")).isFalse();
            db.write(s -> s.statement(
                    "INSERT INTO policies SELECT 'impostor', body, created_time, updated_time, term FROM policies WHERE name = 'readers'")
                    .executeUpdate());
            // A row moved under another name fails its check and hides only itself.
            assertThat(store.loadAll()).extracting(Policy::name).containsExactly("readers");
            assertThat(store.damaged()).containsExactly("impostor");
        }
    }

    @Test
    void aDamagedPolicyHidesOnlyItselfIsNamedInStatusAndCanBeDeleted() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (SqliteDatabase db = SqliteDatabase.open(file())) {
            SqlitePolicyStore store = new SqlitePolicyStore(db, new AesGcm(key));
            store.save(new Policy("apps", "workload/app", "^apps/", Set.of(Permission.READ), t, t));
            store.save(new Policy("broken", "workload/app", "^other/", Set.of(Permission.READ), t, t));
            db.write(s -> s.statement("UPDATE policies SET body = x'00ff00ff' WHERE name = 'broken'").executeUpdate());

            PolicyService service = new PolicyService(store, Clock.systemUTC());
            Authorizer authorizer = new Authorizer(TrustRoots.single("spike.ist"), service);
            SpiffeId app = SpiffeId.parse("spiffe://spike.ist/workload/app");
            assertThat(authorizer.allows(app, "apps/db", Set.of(Permission.READ))).isTrue();
            assertThat(authorizer.allows(app, "other/x", Set.of(Permission.READ))).isFalse();
            assertThat(service.list(null, null)).extracting(Policy::name).containsExactly("apps");
            assertThat(store.damaged()).containsExactly("broken");

            service.delete("broken");
            assertThat(store.damaged()).isEmpty();
            assertThat(new SqlitePolicyStore(db, new AesGcm(key)).loadAll()).extracting(Policy::name).containsExactly("apps");
        }
    }

    @Test
    void withoutTheRootKeyNoPolicyCountsAsDamaged() {
        try (SqliteDatabase db = SqliteDatabase.open(file())) {
            new SqlitePolicyStore(db, new AesGcm(key)).save(new Policy("apps", "x", "^a", Set.of(Permission.READ),
                    Instant.EPOCH, Instant.EPOCH));
            SqlitePolicyStore waiting = new SqlitePolicyStore(db, () -> {
                throw new SpikeException(ErrorCode.NOT_READY, "no root key yet");
            });
            assertThatThrownBy(waiting::loadAll).isInstanceOf(SpikeException.class);
            assertThat(waiting.damaged()).isEmpty();
        }
    }

    @Test
    void aDatabaseFromANewerNexusIsRefused() {
        try (SqliteDatabase db = SqliteDatabase.open(file())) {
            db.write(s -> s.statement("PRAGMA user_version=99").execute());
        }
        assertThatThrownBy(() -> SqliteDatabase.open(file())).hasMessageContaining("schema version 99");
    }

    private static int rowCount(SqliteDatabase db, String path) {
        return db.read(s -> {
            PreparedStatement count = s.statement("SELECT count(*) FROM secret_versions WHERE path = ?");
            count.setString(1, path);
            try (ResultSet rs = count.executeQuery()) {
                return rs.getInt(1);
            }
        });
    }
}
