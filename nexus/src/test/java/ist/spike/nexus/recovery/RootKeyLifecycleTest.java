package ist.spike.nexus.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import ist.spike.core.error.SpikeException;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;
import ist.spike.nexus.state.NexusState;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root-key lifecycle against in-memory Keepers and a real SQLite file. */
class RootKeyLifecycleTest {
    private static final ShamirParameters SHARING = new ShamirParameters(3, 2);
    private static final Duration INTERVAL = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private final List<FakeKeeper> keepers = List.of(new FakeKeeper(1), new FakeKeeper(2), new FakeKeeper(3));
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private record Nexus(RootKey rootKey, RootKeyLifecycle lifecycle) {
    }

    private Nexus start() {
        Nexus nexus = created();
        nexus.lifecycle().start();
        return nexus;
    }

    private Nexus created() {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("spike.db"));
        RootKey rootKey = new RootKey();
        RootKeyLifecycle lifecycle = new RootKeyLifecycle(SHARING, new RootKeyRecordStore(db), rootKey,
                new ArrayList<>(keepers), INTERVAL, () -> { });
        open.add(0, db);
        open.add(0, lifecycle);
        return new Nexus(rootKey, lifecycle);
    }

    private void crash(Nexus nexus) throws Exception {
        nexus.lifecycle().close();
        nexus.rootKey().close();
    }

    @Test
    void firstStartGoesReadyOnlyOnceThresholdKeepersHoldTheirShard() {
        keepers.get(0).reachable(false);
        keepers.get(1).reachable(false);
        Nexus nexus = start();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                .until(() -> nexus.rootKey().state() == NexusState.INITIALIZING);
        keepers.get(1).reachable(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> nexus.rootKey().state() == NexusState.READY);
        keepers.get(0).reachable(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> keepers.stream().allMatch(FakeKeeper::holds));
    }

    @Test
    void aRestartedNexusRecoversTheSameKeyFromKeepersAndRehydratesALostOne() throws Exception {
        Nexus first = start();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.rootKey().state() == NexusState.READY);
        List<Share> before = first.rootKey().shares(SHARING);
        crash(first);

        keepers.get(2).restart();
        Nexus second = start();
        await().atMost(Duration.ofSeconds(5)).until(() -> second.rootKey().state() == NexusState.READY);
        assertThat(second.rootKey().shares(SHARING)).isEqualTo(before);
        await().atMost(Duration.ofSeconds(5)).until(() -> keepers.get(2).holds());
    }

    @Test
    void anEarlyStartMakesNoKeyOnAFirstStartButRecoversAtOnceOnALaterOne() throws Exception {
        Nexus fresh = created();
        assertThat(fresh.lifecycle().startIfRecovering()).isFalse();
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> fresh.rootKey().state() == NexusState.INITIALIZING);
        assertThat(keepers).noneMatch(FakeKeeper::holds);
        fresh.lifecycle().start();
        await().atMost(Duration.ofSeconds(5)).until(() -> fresh.rootKey().state() == NexusState.READY);
        List<Share> before = fresh.rootKey().shares(SHARING);
        crash(fresh);

        Nexus later = created();
        assertThat(later.lifecycle().startIfRecovering()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> later.rootKey().state() == NexusState.READY);
        assertThat(later.rootKey().shares(SHARING)).isEqualTo(before);
    }

    @Test
    void tooFewShardsIsRestoreRequiredAndRestoreBringsItBackRefusingBadShards() throws Exception {
        Nexus first = start();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.rootKey().state() == NexusState.READY);
        List<Share> recovery = first.rootKey().shares(SHARING);
        crash(first);
        keepers.forEach(FakeKeeper::restart);

        Nexus second = start();
        await().atMost(Duration.ofSeconds(5)).until(() -> second.rootKey().state() == NexusState.RESTORE_REQUIRED);
        RootKeyLifecycle lifecycle = second.lifecycle();

        byte[] tampered = recovery.get(0).value().revealCopy();
        tampered[31] ^= 1;
        assertThatThrownBy(() -> lifecycle.restore(Share.of(1, tampered))).isInstanceOf(InvalidShareException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> lifecycle.restore(Share.of(7, recovery.get(0).value().revealCopy())))
                .hasMessageContaining("out of range");
        assertThat(lifecycle.badShards()).extracting(b -> b.id()).contains(1, 7);
        assertThat(lifecycle.progress().collected()).isZero();
        // A restore caller picks the IDs it sends: made-up ones cannot grow the list without bound.
        for (int id = 8; id < 255; id++) {
            int made = id;
            assertThatThrownBy(() -> lifecycle.restore(Share.of(made, recovery.get(0).value().revealCopy())))
                    .isInstanceOf(InvalidShareException.class);
        }
        assertThat(lifecycle.badShards()).hasSize(ShardCollector.MAX_REFUSALS).extracting(b -> b.id()).contains(254);

        assertThat(lifecycle.restore(copy(recovery.get(0))).remaining()).isEqualTo(1);
        assertThat(lifecycle.restore(copy(recovery.get(0))).collected()).as("a duplicate is not counted").isEqualTo(1);
        var done = lifecycle.restore(copy(recovery.get(2)));
        assertThat(done.restored()).isTrue();
        assertThat(second.rootKey().state()).isEqualTo(NexusState.READY);
        assertThat(lifecycle.badShards()).as("refusals are forgotten once the key is rebuilt").isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> keepers.stream().allMatch(FakeKeeper::holds));
        assertThatThrownBy(() -> lifecycle.restore(copy(recovery.get(1)))).isInstanceOf(SpikeException.class)
                .hasMessageContaining("READY");
    }

    @Test
    void unreachableKeepersMeanRecoveringNotRestoreRequired() throws Exception {
        Nexus first = start();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.rootKey().state() == NexusState.READY);
        crash(first);
        keepers.forEach(k -> k.reachable(false));
        Nexus second = start();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> second.rootKey().state() == NexusState.RECOVERING);
        keepers.forEach(k -> k.reachable(true));
        await().atMost(Duration.ofSeconds(5)).until(() -> second.rootKey().state() == NexusState.READY);
    }

    @Test
    void anEmptyDatabaseNeverOverwritesAKeeperThatHoldsAShard() {
        keepers.get(1).hold(SecretBytes.random(32));
        Nexus nexus = start();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                .until(() -> nexus.rootKey().state() == NexusState.INITIALIZING);
        assertThat(keepers.get(0).contributions + keepers.get(2).contributions).isZero();
        assertThat(nexus.lifecycle().badShards()).anySatisfy(b -> assertThat(b.reason()).contains("already holds a shard"));
    }

    private static Share copy(Share s) {
        return Share.of(s.id(), s.value().revealCopy());
    }
}
