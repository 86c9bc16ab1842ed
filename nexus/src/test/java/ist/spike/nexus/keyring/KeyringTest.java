package ist.spike.nexus.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.policy.Permission;
import ist.spike.nexus.policy.Policy;
import ist.spike.nexus.policy.SqlitePolicyStore;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.SqliteSecretStore;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.SqliteDatabase;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyring and rewrap (DESIGN §3a, issue 13) on a real SQLite file. */
class KeyringTest {
    private static final byte[] ROOT = new byte[32];

    static {
        for (int i = 0; i < ROOT.length; i++) {
            ROOT[i] = (byte) (40 + i);
        }
    }

    @TempDir
    Path dir;

    private static RootKey rootKey() {
        RootKey rootKey = new RootKey();
        rootKey.install(SecretBytes.copyOf(ROOT));
        return rootKey;
    }

    private SqliteDatabase open() {
        return SqliteDatabase.open(dir.resolve("spike.db"));
    }

    private static List<Integer> terms(SqliteDatabase db, String table) {
        return db.read(s -> {
            List<Integer> out = new ArrayList<>();
            try (ResultSet rs = s.statement("SELECT term FROM " + table).executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
            return out;
        });
    }

    private static byte[] data(SqliteDatabase db, String path) {
        return db.read(s -> {
            var q = s.statement("SELECT data FROM secret_versions WHERE path = ?");
            q.setString(1, path);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        });
    }

    @Test
    void rowsFromBeforeTheKeyringReadAsTermOneWithoutBeingReencrypted() {
        try (SqliteDatabase db = open()) {
            // What Nexus wrote before the keyring: sealed by the root key itself.
            new SecretService(new SqliteSecretStore(db, new AesGcm(SecretBytes.copyOf(ROOT))), Clock.systemUTC(), 10)
                    .put("apps/db", Map.of("password", "s3cret"));
            byte[] before = data(db, "apps/db");

            Keyring keyring = new Keyring(db, rootKey());
            SecretService secrets = new SecretService(new SqliteSecretStore(db, keyring), Clock.systemUTC(), 10);
            assertThat(secrets.get("apps/db", 0)).containsEntry("password", "s3cret");
            assertThat(data(db, "apps/db")).isEqualTo(before);
            // From now on the root key seals nothing directly: new rows get a term of their own.
            assertThat(keyring.state().current()).isEqualTo(2);
            secrets.put("apps/new", Map.of("k", "v"));
            assertThat(terms(db, "secret_versions")).containsExactlyInAnyOrder(1, 2);
        }
    }

    @Test
    void aTamperedKeyRowCostsOnlyWhatItSeals() {
        try (SqliteDatabase db = open()) {
            RootKey rootKey = rootKey();
            Keyring keyring = new Keyring(db, rootKey);
            SecretService secrets = new SecretService(new SqliteSecretStore(db, keyring), Clock.systemUTC(), 10);
            secrets.put("apps/old", Map.of("k", "term 1"));
            keyring.rotate(false);
            secrets.put("apps/new", Map.of("k", "term 2"));
            db.write(s -> {
                s.statement("INSERT INTO former_root_keys (key_check, sealed_key, retired_time)"
                        + " VALUES (randomblob(32), randomblob(60), '2026-12-01T00:00:00Z')").executeUpdate();
                return s.statement("UPDATE keyring SET sealed_key = randomblob(60) WHERE term = 1").executeUpdate();
            });

            // A restarted Nexus: the current term and its rows work; the tampered keys are left out.
            Keyring restarted = new Keyring(db, rootKey);
            SecretService after = new SecretService(new SqliteSecretStore(db, restarted), Clock.systemUTC(), 10);
            assertThat(after.get("apps/new", 0)).containsEntry("k", "term 2");
            assertThat(restarted.formerRootKeys()).isEmpty();
            assertThatThrownBy(() -> after.get("apps/old", 0)).isInstanceOf(SpikeException.class)
                    .hasMessageContaining("key term 1").hasMessageContaining("could not open");
            after.put("apps/more", Map.of("k", "still writable"));

            // The current term's key tampered with: nothing could be written, so nothing unlocks.
            db.write(s -> s.statement("UPDATE keyring SET sealed_key = randomblob(60) WHERE term = 2").executeUpdate());
            SecretService broken = new SecretService(new SqliteSecretStore(db, new Keyring(db, rootKey)), Clock.systemUTC(), 10);
            assertThatThrownBy(() -> broken.get("apps/new", 0)).isInstanceOf(SpikeException.class)
                    .hasMessageContaining("the data key of term 2 failed its integrity check");
        }
    }

    @Test
    void aNewDatabaseSealsRowsUnderADataKeyOfItsOwnNotTheRootKey() {
        try (SqliteDatabase db = open()) {
            Keyring keyring = new Keyring(db, rootKey());
            new SecretService(new SqliteSecretStore(db, keyring), Clock.systemUTC(), 10).put("apps/db", Map.of("k", "v"));

            SecretService withRootKey = new SecretService(new SqliteSecretStore(db, new AesGcm(SecretBytes.copyOf(ROOT))),
                    Clock.systemUTC(), 10);
            assertThatThrownBy(() -> withRootKey.get("apps/db", 0)).isInstanceOf(SpikeException.class)
                    .hasMessageContaining("integrity check");
            // A restarted Nexus (a new keyring over the same file) opens it.
            assertThat(new SecretService(new SqliteSecretStore(db, new Keyring(db, rootKey())), Clock.systemUTC(), 10)
                    .get("apps/db", 0)).containsEntry("k", "v");
        }
    }

    @Test
    void withoutTheRootKeyTheKeyringIsNotReady() {
        try (SqliteDatabase db = open()) {
            Keyring keyring = new Keyring(db, new RootKey());
            assertThatThrownBy(keyring::current).isInstanceOf(SpikeException.class).hasMessageContaining("no root key");
        }
    }

    @Test
    void rotateSealsNewRowsUnderTheNewTermAndRewrapResealsEveryOlderRow() {
        try (SqliteDatabase db = open()) {
            RootKey rootKey = rootKey();
            Keyring keyring = new Keyring(db, rootKey);
            SecretService secrets = new SecretService(new SqliteSecretStore(db, keyring), Clock.systemUTC(), 10);
            SqlitePolicyStore policies = new SqlitePolicyStore(db, keyring);
            for (int i = 0; i < 600; i++) {
                secrets.put("apps/" + i, Map.of("n", Integer.toString(i)));
            }
            policies.save(new Policy("readers", "^spiffe://spike.ist/app$", "^apps/", Set.of(Permission.READ),
                    Instant.now(), Instant.now()));

            assertThat(keyring.rotate(true)).isEqualTo(2);
            secrets.put("apps/new", Map.of("n", "new"));
            assertThat(terms(db, "secret_versions")).filteredOn(t -> t == 2).hasSize(1);
            // A restarted Nexus finds the rewrap it was asked for.
            Keyring restarted = new Keyring(db, rootKey);
            assertThat(restarted.state()).isEqualTo(new Keyring.State(2, 2));

            Set<String> resealed = ConcurrentHashMap.newKeySet();
            Rewrap rewrap = new Rewrap(db, restarted, rootKey, resealed::add);
            rewrap.run(2);
            assertThat(terms(db, "secret_versions")).hasSize(601).containsOnly(2);
            // Each re-sealed secret is reported, so a store's cache of it is forgotten.
            assertThat(resealed).hasSize(600).contains("apps/0", "apps/599").doesNotContain("apps/new");
            assertThat(terms(db, "policies")).containsOnly(2);
            assertThat(rewrap.done()).isEqualTo(601);
            assertThat(rewrap.remaining()).isZero();
            assertThat(new Keyring(db, rootKey).state()).isEqualTo(new Keyring.State(2, null));
            SecretService after = new SecretService(new SqliteSecretStore(db, new Keyring(db, rootKey)), Clock.systemUTC(), 10);
            for (int i = 0; i < 600; i += 37) {
                assertThat(after.get("apps/" + i, 0)).containsEntry("n", Integer.toString(i));
            }
            assertThat(new SqlitePolicyStore(db, new Keyring(db, rootKey)).loadAll()).singleElement()
                    .satisfies(p -> assertThat(p.name()).isEqualTo("readers"));
        }
    }

    @Test
    void readsAndWritesKeepWorkingDuringARewrap() throws Exception {
        try (SqliteDatabase db = open()) {
            RootKey rootKey = rootKey();
            Keyring keyring = new Keyring(db, rootKey);
            SqliteSecretStore store = new SqliteSecretStore(db, keyring);
            SecretService secrets = new SecretService(store, Clock.systemUTC(), 10);
            for (int i = 0; i < 2000; i++) {
                secrets.put("apps/" + i, Map.of("n", Integer.toString(i)));
            }
            keyring.rotate(true);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread client = new Thread(() -> {
                for (int i = 0; running.get(); i = (i + 1) % 2000) {
                    try {
                        secrets.put("apps/" + i, Map.of("n", Integer.toString(i)));
                        assertThat(secrets.get("apps/" + ((i * 7) % 2000), 0)).containsKey("n");
                    } catch (Throwable e) {
                        failed.set(e);
                        return;
                    }
                }
            });
            client.start();
            Rewrap rewrap = new Rewrap(db, keyring, rootKey, store::resealed);
            rewrap.run(2);
            running.set(false);
            client.join();
            assertThat(failed.get()).isNull();
            assertThat(terms(db, "secret_versions")).containsOnly(2);
        }
    }
}
