package ist.spike.nexus.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ist.spike.core.api.StatusMessages.SharingInfo;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.shamir.Shamir;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.nexus.keyring.Keyring;
import ist.spike.nexus.keyring.KeyringReseal;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.SqliteSecretStore;
import ist.spike.nexus.state.NexusState;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.SqliteDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The passphrase escrow (DESIGN §3a, issue 14) with a real SQLite file, the real keyring and
 * in-memory Keepers: escrow, total loss, restore from the passphrase alone; wrong passphrases change
 * nothing and wait longer each time, also across a restart; a rekey makes the escrow stale; removed
 * means gone; neither the passphrase nor the root key is ever in the database.
 */
class PassphraseEscrowTest {
    private static final ShamirParameters TWO_OF_THREE = new ShamirParameters(3, 2);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path dir;

    private final List<FakeKeeper> keepers = IntStream.rangeClosed(1, 3).mapToObj(FakeKeeper::new).toList();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private record Nexus(RootKey rootKey, RootKeyLifecycle lifecycle, SecretService secrets) {
        void crash() {
            lifecycle.close();
            rootKey.close();
        }

        SharingInfo sharing() {
            return lifecycle.sharing().orElseThrow();
        }
    }

    private Nexus start() {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("spike.db"));
        RootKey rootKey = new RootKey();
        Keyring keyring = new Keyring(db, rootKey);
        RootKeyLifecycle lifecycle = new RootKeyLifecycle(TWO_OF_THREE, new RootKeyRecordStore(db), rootKey,
                new ArrayList<>(keepers), Duration.ofMillis(100), () -> { }, new KeyringReseal(keyring, rootKey));
        open.add(0, db);
        open.add(0, lifecycle);
        lifecycle.start();
        return new Nexus(rootKey, lifecycle, new SecretService(new SqliteSecretStore(db, keyring), Clock.systemUTC(), 10));
    }

    private Nexus ready() {
        Nexus nexus = start();
        await().atMost(WAIT).until(() -> nexus.rootKey().state() == NexusState.READY);
        await().atMost(WAIT).until(() -> keepers.stream().allMatch(FakeKeeper::holds));
        return nexus;
    }

    /** Nexus and every Keeper gone; the database survives. */
    private Nexus afterTotalLoss(Nexus nexus) {
        nexus.crash();
        keepers.forEach(FakeKeeper::restart);
        Nexus next = start();
        await().atMost(WAIT).until(() -> next.rootKey().state() == NexusState.RESTORE_REQUIRED);
        return next;
    }

    private byte[] rootKeyFromKeepers() {
        return Shamir.combine(2, List.of(keepers.get(0).held(1), keepers.get(1).held(2))).revealCopy();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEscrowBringsTheKeyBackAfterTotalLossAndWrongPassphrasesWaitLongerEachTime() throws Exception {
        Nexus first = ready();
        first.secrets().put("apps/db", Map.of("password", "s3cret"));
        assertThat(first.sharing().escrow()).isEqualTo("none");
        first.lifecycle().escrow(bytes(PASSPHRASE));
        assertThat(first.sharing().escrow()).isEqualTo("current");
        byte[] rootKey = rootKeyFromKeepers();

        Nexus second = afterTotalLoss(first);
        Instant t0 = Instant.now();
        assertThatThrownBy(() -> second.lifecycle().restoreWithPassphrase(bytes("not the passphrase 1")))
                .isInstanceOf(SpikeException.class).hasMessage("wrong passphrase");
        assertThat(second.sharing().escrowFailures()).isEqualTo(1);
        assertThat(Instant.parse(second.sharing().escrowRetryAt())).isBetween(t0.plusMillis(900), t0.plusSeconds(3));
        assertThatThrownBy(() -> second.lifecycle().restoreWithPassphrase(bytes(PASSPHRASE)))
                .as("too soon: refused without looking, even with the right passphrase")
                .isInstanceOf(SpikeException.class).hasMessageContaining("too soon after a wrong passphrase");
        Thread.sleep(1100);
        assertThatThrownBy(() -> second.lifecycle().restoreWithPassphrase(bytes("not the passphrase 2")))
                .isInstanceOf(SpikeException.class).hasMessage("wrong passphrase");
        Instant second2 = Instant.now();
        assertThat(Instant.parse(second.sharing().escrowRetryAt())).as("the wait doubles")
                .isAfter(second2.plusMillis(1500));
        assertThat(second.rootKey().state()).as("nothing changed").isEqualTo(NexusState.RESTORE_REQUIRED);

        // The count survives a restart: the next attempt still waits.
        second.crash();
        Nexus third = start();
        await().atMost(WAIT).until(() -> third.rootKey().state() == NexusState.RESTORE_REQUIRED);
        assertThat(third.sharing().escrowFailures()).isEqualTo(2);
        assertThatThrownBy(() -> third.lifecycle().restoreWithPassphrase(bytes(PASSPHRASE)))
                .hasMessageContaining("too soon after a wrong passphrase");
        Thread.sleep(2100);
        assertThatThrownBy(() -> third.lifecycle().restoreWithPassphrase(bytes("not the passphrase 3")))
                .hasMessage("wrong passphrase");
        assertThat(third.sharing().escrowFailures()).isEqualTo(3);
        Thread.sleep(4100);

        assertThat(third.lifecycle().restoreWithPassphrase(bytes(PASSPHRASE)).restored()).isTrue();
        assertThat(third.rootKey().state()).isEqualTo(NexusState.READY);
        assertThat(third.secrets().get("apps/db", 0)).containsEntry("password", "s3cret");
        await().atMost(WAIT).until(() -> keepers.stream().allMatch(FakeKeeper::holds));
        assertThat(rootKeyFromKeepers()).as("the Keepers hold the same key again").isEqualTo(rootKey);
        assertThat(third.sharing().escrowFailures()).isZero();
        assertThat(third.sharing().escrowRetryAt()).isNull();
        assertThatThrownBy(() -> third.lifecycle().restoreWithPassphrase(bytes(PASSPHRASE)))
                .hasMessageContaining("Nexus is READY");

        // Neither the passphrase nor the root key is in the database files, in any form.
        third.crash();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(raw).as(file.toString()).doesNotContain(PASSPHRASE)
                        .doesNotContain(new String(rootKey, StandardCharsets.ISO_8859_1))
                        .doesNotContain(HexFormat.of().formatHex(rootKey));
            }
        }
    }

    @Test
    void aRekeyMakesTheEscrowStaleAndARemovedEscrowIsGone() {
        Nexus first = ready();
        first.lifecycle().escrow(bytes(PASSPHRASE));
        assertThat(first.lifecycle().rekey().done()).isTrue();
        assertThat(first.sharing().escrow()).isEqualTo("stale");

        Nexus second = afterTotalLoss(first);
        assertThatThrownBy(() -> second.lifecycle().restoreWithPassphrase(bytes(PASSPHRASE)))
                .isInstanceOf(SpikeException.class)
                .hasMessageContaining("holds the root key replaced by the rekey of")
                .satisfies(e -> assertThat(((SpikeException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(second.sharing().escrowFailures()).as("not counted as a wrong passphrase").isZero();
        second.crash();

        keepers.forEach(FakeKeeper::restart);
        Nexus fresh = restartEmpty();
        fresh.lifecycle().escrow(bytes(PASSPHRASE));
        assertThat(fresh.lifecycle().removeEscrow()).isTrue();
        assertThat(fresh.sharing().escrow()).isEqualTo("none");
        Nexus lost = afterTotalLoss(fresh);
        assertThatThrownBy(() -> lost.lifecycle().restoreWithPassphrase(bytes(PASSPHRASE)))
                .hasMessageContaining("there is no passphrase escrow");
    }

    @Test
    void shortOrMalformedPassphrasesAreRefusedBeforeAnyDerivation() {
        Nexus nexus = ready();
        assertThatThrownBy(() -> nexus.lifecycle().escrow(bytes("eleven char")))
                .hasMessageContaining("shorter than 12 characters");
        assertThatThrownBy(() -> nexus.lifecycle().escrow(new byte[] {(byte) 0xff, (byte) 0xfe, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}))
                .hasMessageContaining("not UTF-8");
        assertThat(nexus.sharing().escrow()).isEqualTo("none");
        assertThat(PassphraseEscrow.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(PassphraseEscrow.delay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(PassphraseEscrow.delay(40)).isEqualTo(Duration.ofMinutes(15));
    }

    /** A new, empty SPIKE in a fresh directory (the earlier database is left behind). */
    private Nexus restartEmpty() {
        dir = dir.resolve("fresh");
        return ready();
    }
}
