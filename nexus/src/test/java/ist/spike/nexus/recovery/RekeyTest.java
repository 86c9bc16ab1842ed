package ist.spike.nexus.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ist.spike.core.api.OperatorMessages.RekeyResponse;
import ist.spike.core.api.StatusMessages.SharingInfo;
import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.InvalidShareException;
import ist.spike.core.error.SpikeException;
import ist.spike.core.shamir.FeldmanCommitments;
import ist.spike.core.shamir.Shamir;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;
import ist.spike.nexus.keyring.Keyring;
import ist.spike.nexus.keyring.KeyringReseal;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.SqliteSecretStore;
import ist.spike.nexus.state.NexusState;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.SqliteDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spike operator rekey} (DESIGN §3a, issue 13) against in-memory Keepers and a real SQLite
 * file with the real keyring: the key changes with every secret readable, files from before it are
 * refused with the reason, and a crash at each point between the two phases ends in one consistent
 * key without anyone (as {@code kill -9} leaves the Keepers: holding what they hold).
 */
class RekeyTest {
    private static final ShamirParameters TWO_OF_THREE = new ShamirParameters(3, 2);
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] NONCE = new byte[12];

    @TempDir
    Path dir;

    private final List<FakeKeeper> keepers = IntStream.rangeClosed(1, 4).mapToObj(FakeKeeper::new).toList();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private record Nexus(SqliteDatabase db, RootKey rootKey, Keyring keyring, RootKeyLifecycle lifecycle,
                         RootKeyRecordStore records, SecretService secrets) {
        /** As {@code kill -9}: memory gone, the database and the Keepers keep what they hold. */
        void crash() {
            lifecycle.close();
            rootKey.close();
        }

        RootKeyRecord record() {
            return records.load().orElseThrow();
        }
    }

    private Nexus start(ShamirParameters sharing) {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("spike.db"));
        RootKeyRecordStore records = new RootKeyRecordStore(db);
        RootKey rootKey = new RootKey();
        Keyring keyring = new Keyring(db, rootKey);
        RootKeyLifecycle lifecycle = new RootKeyLifecycle(sharing, records, rootKey,
                new ArrayList<>(keepers.subList(0, sharing.shares())), INTERVAL, () -> { },
                new KeyringReseal(keyring, rootKey));
        open.add(0, db);
        open.add(0, lifecycle);
        lifecycle.start();
        return new Nexus(db, rootKey, keyring, lifecycle, records,
                new SecretService(new SqliteSecretStore(db, keyring), Clock.systemUTC(), 10));
    }

    private Nexus ready(ShamirParameters sharing) {
        Nexus nexus = start(sharing);
        await().atMost(WAIT).until(() -> nexus.rootKey().state() == NexusState.READY);
        return nexus;
    }

    /** Every Keeper of {@code sharing} holds its shard of the current generation. */
    private boolean allHoldCurrent(Nexus nexus, ShamirParameters sharing) {
        RootKeyRecord record = nexus.record();
        return IntStream.range(0, sharing.shares()).allMatch(i -> {
            Share held = keepers.get(i).held(i + 1);
            return held != null && record.current().holds(held);
        });
    }

    private static void putSecrets(Nexus nexus, int count) {
        for (int i = 0; i < count; i++) {
            nexus.secrets().put("apps/" + i, Map.of("n", Integer.toString(i)));
        }
    }

    private static void assertSecretsReadable(Nexus nexus, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(nexus.secrets().get("apps/" + i, 0)).containsEntry("n", Integer.toString(i));
        }
    }

    private static long rows(SqliteDatabase db, String sql) {
        return db.read(s -> {
            try (ResultSet rs = s.statement(sql).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void aRekeyReplacesTheKeyKeepsEverySecretAndOnlyFilesTakenAfterItRestore() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        putSecrets(first, 20);
        byte[] sealedByCipher = first.rootKey().aead().encrypt(NONCE, "cipher".getBytes(StandardCharsets.UTF_8), null);
        List<Share> before = first.lifecycle().recoverShares();
        byte[] oldCheck = first.record().keyCheck();

        RekeyResponse response = first.lifecycle().rekey();

        assertThat(response.done()).isTrue();
        assertThat(response.generation()).isEqualTo(2);
        assertThat(response.holders()).isGreaterThanOrEqualTo(2);
        RootKeyRecord record = first.record();
        assertThat(record.current().number()).isEqualTo(2);
        assertThat(record.keyCheck()).isNotEqualTo(oldCheck);
        assertThat(record.generations()).filteredOn(g -> g.number() == 1).singleElement()
                .satisfies(g -> assertThat(g.status()).isEqualTo(SharingGeneration.Status.REVOKED));
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        SharingInfo sharing = first.lifecycle().sharing().orElseThrow();
        assertThat(sharing.recoveryFiles()).as("files from before the rekey").isEqualTo("stale");
        assertThat(sharing.rekeyedAt()).isNotNull();
        assertThat(sharing.rekeying()).isFalse();
        assertSecretsReadable(first, 20);
        putSecrets(first, 25);
        assertThatThrownBy(() -> first.rootKey().aead().decrypt(NONCE, sealedByCipher, 0, null))
                .as("the root key in memory is the new one").isInstanceOf(SpikeException.class);
        assertThat(first.keyring().formerRootKeys()).singleElement()
                .satisfies(former -> assertThat(new String(former.decrypt(NONCE, sealedByCipher, 0, null),
                        StandardCharsets.UTF_8)).as("what the cipher API sealed before still opens").isEqualTo("cipher"));
        List<Share> after = first.lifecycle().recoverShares();
        assertThat(first.lifecycle().sharing().orElseThrow().recoveryFiles()).isEqualTo("current");

        // Total loss: the files from before the rekey are refused, with the reason; the new ones restore.
        first.crash();
        keepers.forEach(FakeKeeper::restart);
        Nexus second = start(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> second.rootKey().state() == NexusState.RESTORE_REQUIRED);
        assertThatThrownBy(() -> second.lifecycle().restore(copy(before.get(0))))
                .isInstanceOf(InvalidShareException.class).hasMessageContaining("from before the rekey of");
        assertThat(second.lifecycle().badShards()).singleElement()
                .satisfies(bad -> assertThat(bad.reason()).contains("no longer restore"));
        assertThatThrownBy(() -> second.lifecycle().restore(copy(before.get(1))))
                .isInstanceOf(InvalidShareException.class);
        second.lifecycle().restore(copy(after.get(0)));
        assertThat(second.lifecycle().restore(copy(after.get(2))).restored()).isTrue();
        assertSecretsReadable(second, 25);
        assertThat(second.keyring().formerRootKeys()).as("the old key, now sealed under the new one").hasSize(1);
        await().atMost(WAIT).until(() -> allHoldCurrent(second, TWO_OF_THREE));
    }

    @Test
    void aCrashBeforeTKeepersHeldTheNewKeyAbandonsItAndTheOldKeyAndFilesStay() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        putSecrets(first, 10);
        List<Share> files = first.lifecycle().recoverShares();
        // Keeper 1 takes the new key's shard; Keepers 2 and 3 stop taking shards.
        keepers.get(1).refuseContributions(true);
        keepers.get(2).refuseContributions(true);

        RekeyResponse response = first.lifecycle().rekey();

        assertThat(response.done()).isFalse();
        assertThat(response.holders()).isEqualTo(1);
        assertThat(first.lifecycle().sharing().orElseThrow().rekeying()).isTrue();
        assertThat(first.record().rekeyPending()).isPresent();
        assertThatThrownBy(() -> first.keyring().rotate(false)).isInstanceOf(SpikeException.class)
                .satisfies(e -> assertThat(((SpikeException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> first.lifecycle().recoverShares()).isInstanceOf(SpikeException.class)
                .hasMessageContaining("rekey is in progress");
        assertThatThrownBy(() -> first.lifecycle().rekey()).isInstanceOf(SpikeException.class)
                .hasMessageContaining("already in progress");
        assertSecretsReadable(first, 10);

        first.crash();
        keepers.get(1).refuseContributions(false);
        keepers.get(2).refuseContributions(false);
        Nexus second = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(second, TWO_OF_THREE));
        RootKeyRecord record = second.record();
        assertThat(record.current().number()).as("the old key's generation").isEqualTo(1);
        assertThat(record.rekeyPending()).isEmpty();
        assertThat(record.generations()).hasSize(1);
        assertThat(rows(second.db(), "SELECT COUNT(*) FROM keyring WHERE sealed_key_next IS NOT NULL")).isZero();
        assertThat(rows(second.db(), "SELECT COUNT(*) FROM former_root_keys")).isZero();
        assertThat(second.lifecycle().sharing().orElseThrow().recoveryFiles()).isEqualTo("current");
        assertSecretsReadable(second, 10);
        assertThat(second.keyring().rotate(false)).as("nothing pending any more").isGreaterThan(1);

        // The files from before the abandoned rekey still restore.
        second.crash();
        keepers.forEach(FakeKeeper::restart);
        Nexus third = start(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> third.rootKey().state() == NexusState.RESTORE_REQUIRED);
        third.lifecycle().restore(copy(files.get(0)));
        assertThat(third.lifecycle().restore(copy(files.get(1))).restored()).isTrue();
        assertSecretsReadable(third, 10);
    }

    @Test
    void aCrashAfterTKeepersTookTheNewKeyFinishesTheRekeyAtTheNextStart() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        putSecrets(first, 10);
        byte[] sealedByCipher = first.rootKey().aead().encrypt(NONCE, "cipher".getBytes(StandardCharsets.UTF_8), null);
        // Phase one as the rekey writes it, then Keepers 1 and 2 take the new key's shards; the crash
        // comes before phase two.
        SecretBytes newKey = SecretBytes.copyOf(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        RootKeyRecord record = first.record();
        SharingGeneration pending = new SharingGeneration(2, TWO_OF_THREE, FeldmanCommitments.of(newKey, 2),
                KeyCheck.of(newKey), SharingGeneration.Status.PENDING);
        KeyringReseal reseal = new KeyringReseal(first.keyring(), first.rootKey());
        reseal.open();
        first.records().beginRekey(pending, s -> reseal.sealUnder(s, new AesGcm(newKey), record.keyCheck()));
        List<Share> shares = Shamir.split(newKey, TWO_OF_THREE);
        keepers.get(0).hold(shares.get(0).value());
        keepers.get(1).hold(shares.get(1).value());
        first.crash();

        Nexus second = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(second, TWO_OF_THREE));
        RootKeyRecord after = second.record();
        assertThat(after.current().number()).as("the new key's generation").isEqualTo(2);
        assertThat(after.current().recognises(newKey)).isTrue();
        assertThat(after.rekeyPending()).isEmpty();
        assertThat(rows(second.db(), "SELECT COUNT(*) FROM keyring WHERE sealed_key_next IS NOT NULL")).isZero();
        assertSecretsReadable(second, 10);
        assertThat(new String(second.keyring().formerRootKeys().get(0).decrypt(NONCE, sealedByCipher, 0, null),
                StandardCharsets.UTF_8)).isEqualTo("cipher");
    }

    @Test
    void aTamperedFormerRootKeyNeitherBlocksTheKeyringNorARekey() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        putSecrets(first, 5);
        first.db().write(s -> s.statement("INSERT INTO former_root_keys (key_check, sealed_key, retired_time)"
                + " VALUES (randomblob(32), randomblob(60), '2026-12-01T00:00:00Z')").executeUpdate());
        first.crash();

        Nexus second = ready(TWO_OF_THREE);
        assertSecretsReadable(second, 5);
        assertThat(second.keyring().formerRootKeys()).as("the tampered key is left out").isEmpty();
        assertThat(second.lifecycle().rekey().done()).isTrue();
        assertSecretsReadable(second, 5);
        assertThat(second.keyring().formerRootKeys()).as("the key the rekey replaced").hasSize(1);
    }

    @Test
    void rowsOfADatabaseFromBeforeTheKeyringStayReadableAcrossARekey() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        // Sealed directly under the root key, as before the keyring: term 1 stays the root key itself.
        new SecretService(new SqliteSecretStore(first.db(), first.rootKey().aead()), Clock.systemUTC(), 10)
                .put("apps/legacy", Map.of("k", "old"));
        assertThat(first.keyring().state().current()).as("new rows get a term of their own").isEqualTo(2);
        putSecrets(first, 5);

        assertThat(first.lifecycle().rekey().done()).isTrue();
        assertThat(rows(first.db(), "SELECT COUNT(*) FROM keyring WHERE sealed_key IS NULL"))
                .as("term 1 (the old root key) is now sealed under the new one").isZero();
        first.crash();

        Nexus second = ready(TWO_OF_THREE);
        assertThat(second.secrets().get("apps/legacy", 0)).containsEntry("k", "old");
        assertSecretsReadable(second, 5);
    }

    @Test
    void aRekeyIsRefusedWhenNoSafeOrderExistsOrAnotherRuns() {
        Nexus nexus = ready(new ShamirParameters(2, 2));
        assertThatThrownBy(() -> nexus.lifecycle().rekey()).isInstanceOf(SpikeException.class)
                .hasMessageContaining("needs at least 3 Keepers");
        assertThat(nexus.record().generations()).as("nothing recorded").hasSize(1);
    }

    private static Share copy(Share s) {
        return new Share(s.id(), SecretBytes.copyOf(s.value().revealCopy()));
    }
}
