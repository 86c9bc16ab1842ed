package ist.spike.nexus.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ist.spike.core.api.StatusMessages.SharingInfo;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;
import ist.spike.nexus.state.NexusState;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-sharing the root key (DESIGN §3a, issue 13) against in-memory Keepers and a real SQLite file:
 * a Nexus restarted with another N or T shares the same key as a new generation, and a crash at any
 * step (the lifecycle closed while Keepers keep what they hold, as {@code kill -9} leaves them)
 * recovers without anyone.
 */
class ResharingTest {
    private static final ShamirParameters TWO_OF_THREE = new ShamirParameters(3, 2);
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<FakeKeeper> keepers = IntStream.rangeClosed(1, 5).mapToObj(FakeKeeper::new).toList();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private record Nexus(RootKey rootKey, RootKeyLifecycle lifecycle, RootKeyRecordStore records) {
        void crash() {
            lifecycle.close();
            rootKey.close();
        }
    }

    /** A Nexus configured for {@code sharing}, with the first N fake Keepers as its peers. */
    private Nexus start(ShamirParameters sharing) {
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("spike.db"));
        RootKeyRecordStore records = new RootKeyRecordStore(db);
        RootKey rootKey = new RootKey();
        RootKeyLifecycle lifecycle = new RootKeyLifecycle(sharing, records, rootKey,
                new ArrayList<>(keepers.subList(0, sharing.shares())), INTERVAL, () -> { });
        open.add(0, db);
        open.add(0, lifecycle);
        lifecycle.start();
        return new Nexus(rootKey, lifecycle, records);
    }

    private Nexus ready(ShamirParameters sharing) {
        Nexus nexus = start(sharing);
        await().atMost(WAIT).until(() -> nexus.rootKey().state() == NexusState.READY);
        return nexus;
    }

    private static int generation(Nexus nexus) {
        return nexus.records().load().orElseThrow().current().number();
    }

    /** Every Keeper of {@code sharing} holds its shard of the current generation. */
    private boolean allHoldCurrent(Nexus nexus, ShamirParameters sharing) {
        RootKeyRecord record = nexus.records().load().orElseThrow();
        return record.sharing().equals(sharing) && IntStream.range(0, sharing.shares()).allMatch(i -> {
            Share held = keepers.get(i).held(i + 1);
            return held != null && record.current().holds(held);
        });
    }

    @Test
    void moreKeepersWithTheSameThresholdKeepTheirSharesAndOldRecoveryFilesStayCurrentKey() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        List<Share> files = first.lifecycle().recoverShares();
        byte[] keeper1 = keepers.get(0).held(1).value().revealCopy();
        first.crash();

        ShamirParameters twoOfFive = new ShamirParameters(5, 2);
        Nexus second = ready(twoOfFive);
        await().atMost(WAIT).until(() -> allHoldCurrent(second, twoOfFive));
        assertThat(generation(second)).isEqualTo(2);
        assertThat(keepers.get(0).held(1).value().revealCopy()).as("same T, same shares").isEqualTo(keeper1);
        SharingInfo sharing = second.lifecycle().sharing().orElseThrow();
        assertThat(sharing.recoveryFiles()).as("same T: the files hold shares of the current polynomial").isEqualTo("current");
        assertThat(sharing.pending()).isNull();
        assertThat(second.lifecycle().shamir().orElseThrow().shares()).isEqualTo(5);

        // Total loss: the generation-1 files still restore the key.
        second.crash();
        keepers.forEach(FakeKeeper::restart);
        Nexus third = start(twoOfFive);
        await().atMost(WAIT).until(() -> third.rootKey().state() == NexusState.RESTORE_REQUIRED);
        third.lifecycle().restore(copy(files.get(0)));
        assertThat(third.lifecycle().restore(copy(files.get(2))).restored()).isTrue();
        await().atMost(WAIT).until(() -> allHoldCurrent(third, twoOfFive));
    }

    @Test
    void aHigherThresholdIsANewPolynomialAndTheOldFilesStillRestoreTheSameKey() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        List<Share> files = first.lifecycle().recoverShares();
        assertThat(first.lifecycle().sharing().orElseThrow().recoveryFiles()).isEqualTo("current");
        first.crash();

        ShamirParameters threeOfFour = new ShamirParameters(4, 3);
        Nexus second = ready(threeOfFour);
        await().atMost(WAIT).until(() -> allHoldCurrent(second, threeOfFour));
        RootKeyRecord record = second.records().load().orElseThrow();
        assertThat(record.current().number()).isEqualTo(2);
        assertThat(second.lifecycle().sharing().orElseThrow().recoveryFiles()).isEqualTo("stale");
        assertThat(record.current().holds(files.get(0))).as("another polynomial").isFalse();
        assertThat(record.generationsOf(files.get(0))).extracting(SharingGeneration::number).containsExactly(1);

        second.crash();
        keepers.forEach(FakeKeeper::restart);
        Nexus third = start(threeOfFour);
        await().atMost(WAIT).until(() -> third.rootKey().state() == NexusState.RESTORE_REQUIRED);
        third.lifecycle().restore(copy(files.get(1)));
        assertThat(third.lifecycle().restore(copy(files.get(2))).restored()).as("2 of the old 2-of-3 files").isTrue();
        await().atMost(WAIT).until(() -> allHoldCurrent(third, threeOfFour));
    }

    @Test
    void aCrashAfterThePendingRecordRecoversWithTheCurrentGenerationAndFinishes() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        first.crash();
        keepers.forEach(k -> k.refuseContributions(true));

        ShamirParameters threeOfFour = new ShamirParameters(4, 3);
        Nexus second = ready(threeOfFour);
        await().atMost(WAIT).until(() -> second.records().load().orElseThrow().pending().isPresent());
        assertThat(second.lifecycle().sharing().orElseThrow().pending().threshold()).isEqualTo(3);
        second.crash();
        keepers.forEach(k -> k.refuseContributions(false));

        Nexus third = ready(threeOfFour);
        await().atMost(WAIT).until(() -> allHoldCurrent(third, threeOfFour));
        assertThat(generation(third)).isEqualTo(2);
    }

    @Test
    void aCrashAfterSomeKeepersGotNewShardsRecoversByItself() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        first.crash();
        // Keepers 2 and 3 stop taking shards: Keepers 4 (new) and 1 get theirs, then the re-share stalls.
        keepers.get(1).refuseContributions(true);
        keepers.get(2).refuseContributions(true);
        ShamirParameters threeOfFour = new ShamirParameters(4, 3);
        Nexus second = ready(threeOfFour);
        await().atMost(WAIT).until(() -> keepers.get(3).holds() && keepers.get(0).contributions > 1);
        RootKeyRecord mid = second.records().load().orElseThrow();
        assertThat(mid.pending()).isPresent();
        assertThat(mid.pending().get().holds(keepers.get(0).held(1))).isTrue();
        assertThat(mid.current().holds(keepers.get(1).held(2))).as("Keeper 2 still has the old shard").isTrue();
        second.crash();
        keepers.get(1).refuseContributions(false);
        keepers.get(2).refuseContributions(false);

        // Two generations on the Keepers: two old shards (2 of 3 needed), two new ones (3 of 4 needed).
        Nexus third = ready(threeOfFour);
        await().atMost(WAIT).until(() -> allHoldCurrent(third, threeOfFour));
    }

    @Test
    void withTheNewKeeperAwayNoOverwriteLeavesTooFewShardsOfBothGenerations() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        first.crash();
        keepers.get(3).reachable(false);

        ShamirParameters threeOfFour = new ShamirParameters(4, 3);
        Nexus second = ready(threeOfFour);
        await().atMost(WAIT).until(() -> keepers.get(0).contributions > 1);
        // Several more steps: Keeper 1 took the new shard (2 old ones left, 2 needed); overwriting Keeper 2
        // would leave 1 old and 2 new (3 needed) until Keeper 4 is back.
        await().pollDelay(Duration.ofMillis(600)).atMost(WAIT).until(() -> true);
        RootKeyRecord mid = second.records().load().orElseThrow();
        assertThat(mid.current().number()).isEqualTo(1);
        assertThat(mid.current().holds(keepers.get(1).held(2))).isTrue();
        assertThat(mid.current().holds(keepers.get(2).held(3))).isTrue();
        second.crash();

        Nexus third = ready(threeOfFour);
        keepers.get(3).reachable(true);
        await().atMost(WAIT).until(() -> allHoldCurrent(third, threeOfFour));
    }

    @Test
    void anUnfinishedReshareThatKeepersAlreadyHoldBecomesCurrentBeforeAnotherChange() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        // Cut short after every Keeper took generation 2 (3 of 4), before it was made current.
        ShamirParameters threeOfFour = new ShamirParameters(4, 3);
        first.records().beginReshare(new SharingGeneration(2, threeOfFour, first.rootKey().commitments(3),
                first.records().load().orElseThrow().keyCheck(), SharingGeneration.Status.PENDING));
        List<Share> generation2 = first.rootKey().shares(threeOfFour);
        for (int i = 0; i < 4; i++) {
            keepers.get(i).hold(generation2.get(i).value());
        }
        first.crash();

        // Restarted for yet another sharing: generation 2 (which the Keepers hold) is completed first,
        // never dropped, then the key is shared as generation 3.
        ShamirParameters twoOfFive = new ShamirParameters(5, 2);
        Nexus second = ready(twoOfFive);
        await().atMost(WAIT).until(() -> allHoldCurrent(second, twoOfFive));
        RootKeyRecord record = second.records().load().orElseThrow();
        assertThat(record.generations()).extracting(SharingGeneration::number, SharingGeneration::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, SharingGeneration.Status.CURRENT),
                        org.assertj.core.groups.Tuple.tuple(2, SharingGeneration.Status.RETIRED),
                        org.assertj.core.groups.Tuple.tuple(1, SharingGeneration.Status.RETIRED));
    }

    @Test
    void aChangeWithNoSafeOrderIsRefusedAndTheCurrentSharingKept() {
        Nexus first = ready(TWO_OF_THREE);
        await().atMost(WAIT).until(() -> allHoldCurrent(first, TWO_OF_THREE));
        first.crash();

        ShamirParameters threeOfThree = new ShamirParameters(3, 3);
        Nexus second = ready(threeOfThree);
        await().atMost(WAIT).until(() -> second.lifecycle().sharing().orElseThrow().problem() != null);
        assertThat(second.lifecycle().sharing().orElseThrow().problem())
                .contains("from 2 of 3 to 3 of 3").contains("at least 4 Keepers");
        assertThat(generation(second)).isEqualTo(1);
        assertThat(allHoldCurrent(second, TWO_OF_THREE)).isTrue();
    }

    @Test
    void safeOrdersExistExactlyWhenTheRuleSays() {
        assertThat(Resharing.safe(TWO_OF_THREE, new ShamirParameters(5, 2))).isTrue();
        assertThat(Resharing.safe(TWO_OF_THREE, new ShamirParameters(4, 3))).isTrue();
        assertThat(Resharing.safe(TWO_OF_THREE, new ShamirParameters(3, 3))).isFalse();
        assertThat(Resharing.safe(new ShamirParameters(5, 3), new ShamirParameters(5, 2))).isTrue();
        assertThat(Resharing.safe(new ShamirParameters(5, 3), new ShamirParameters(2, 2))).isFalse();
        assertThat(Resharing.safe(new ShamirParameters(5, 3), new ShamirParameters(3, 3))).isTrue();
    }

    private static Share copy(Share s) {
        return new Share(s.id(), ist.spike.core.crypto.SecretBytes.copyOf(s.value().revealCopy()));
    }
}
