package ist.spike.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import ist.spike.operator.model.SpikeClusterStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusAggregatorTest {
    private static final Runbook RUNBOOK = new Runbook("ns", "spike", "spike.ist", true);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T10:00:00Z"));
    private final StatusAggregator aggregator = new StatusAggregator(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });

    private static ClusterObservation seen(int keepersReady, NexusObservation nexus) {
        return new ClusterObservation(7, List.of(), 3, 2, keepersReady, true, nexus);
    }

    private static NexusObservation nexus(String state, int holding) {
        return NexusObservation.reachable(state, holding, 0, 2);
    }

    @ParameterizedTest(name = "{0} with {1} Keepers ready -> Ready={2} ({3})")
    @CsvSource({
        "READY,            3, True,  AllAvailable,       True,    True,  False",
        "READY,            1, False, KeepersUnavailable, True,    True,  False",
        "INITIALIZING,     3, False, RootKeyUnavailable, False,   False, False",
        "RECOVERING,       3, False, RootKeyUnavailable, False,   False, False",
        "RESTORE_REQUIRED, 3, False, RootKeyUnavailable, False,   False, True",
    })
    void everyNexusStateDrivesTheConditions(String state, int ready, String readyStatus, String readyReason,
                                            String rootKey, String shards, String recovery) {
        SpikeClusterStatus status = aggregator.next(null, seen(ready, nexus(state, state.equals("READY") ? 3 : 0)),
                RUNBOOK);

        assertThat(status.getState()).isEqualTo(state);
        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo(readyStatus);
        assertThat(condition(status, ConditionType.Ready).getReason()).isEqualTo(readyReason);
        assertThat(condition(status, ConditionType.RootKeyAvailable).getStatus()).isEqualTo(rootKey);
        assertThat(condition(status, ConditionType.ShardsDistributed).getStatus()).isEqualTo(shards);
        assertThat(condition(status, ConditionType.RecoveryRequired).getStatus()).isEqualTo(recovery);
        assertThat(status.getKeepers().getSummary()).isEqualTo(ready + "/3");
        assertThat(status.getObservedGeneration()).isEqualTo(7);
        assertThat(status.getConditions()).extracting(Condition::getObservedGeneration).containsOnly(7L);
        assertThat(status.getConditions()).extracting(Condition::getType)
                .containsExactly("Ready", "NexusAvailable", "KeepersAvailable", "RootKeyAvailable",
                        "ShardsDistributed", "RecoveryRequired", "RecoveryFilesCurrent");
    }

    @Test
    void recoveryRequiredSaysExactlyWhatToRunWithTheClustersNames() {
        SpikeClusterStatus status = aggregator.next(null,
                seen(3, NexusObservation.reachable("RESTORE_REQUIRED", 0, 1, 1)), new Runbook("vault", "prod", "example.org", true));

        Condition recovery = condition(status, ConditionType.RecoveryRequired);
        assertThat(recovery.getReason()).isEqualTo("RestoreRequired");
        assertThat(recovery.getMessage())
                .contains("(2 needed: 1 received, 1 to go)")
                .contains("kubectl patch spk prod -n vault --type merge -p '{\"spec\":{\"pilot\":{\"role\":\"restore\"}}}'")
                .contains("kubectl wait spk/prod -n vault --for=jsonpath='{.status.pilot.role}'=restore")
                .contains("kubectl exec -i -n vault deploy/prod-pilot -- spike restore < spike.recovery.<id>.txt")
                .contains("kubectl get spk prod -n vault -o jsonpath='{.status.restore}'")
                .contains("kubectl patch spk prod -n vault --type merge -p '{\"spec\":{\"pilot\":{\"role\":\"superuser\"}}}'")
                .contains("spiffe://example.org/spike/pilot/role/restore/vault/prod");
        SpikeClusterStatus noPilot = aggregator.next(null,
                seen(3, NexusObservation.reachable("RESTORE_REQUIRED", 0, 0, 2)), new Runbook("vault", "prod", "example.org", false));
        assertThat(condition(noPilot, ConditionType.RecoveryRequired).getMessage())
                .contains("'{\"spec\":{\"pilot\":{\"enabled\":true,\"role\":\"restore\"}}}'");
        assertThat(status.getRestore().getCollected()).isEqualTo(1);
        assertThat(status.getRestore().getRemaining()).isEqualTo(1);
        assertThat(recovery.getMessage()).doesNotContain("--passphrase");

        // A passphrase escrow of the key in force: the message names the one-step restore too.
        SpikeClusterStatus escrowed = aggregator.next(null, seen(3, NexusObservation.reachable("RESTORE_REQUIRED", 0, 0, 2)
                .withSharing(new NexusObservation.Sharing(1, "current", "2026-11-29T09:00:00Z", 0, 0, null, null, false,
                        "current"))), new Runbook("vault", "prod", "example.org", true));
        assertThat(condition(escrowed, ConditionType.RecoveryRequired).getMessage())
                .contains("kubectl exec -it -n vault deploy/prod-pilot -- spike restore --passphrase")
                .contains("spike restore < spike.recovery.<id>.txt");
        SpikeClusterStatus staleEscrow = aggregator.next(null, seen(3, NexusObservation.reachable("RESTORE_REQUIRED", 0, 0, 2)
                .withSharing(new NexusObservation.Sharing(1, "current", "2026-11-29T09:00:00Z", 0, 0, null, null, false,
                        "stale"))), new Runbook("vault", "prod", "example.org", true));
        assertThat(condition(staleEscrow, ConditionType.RecoveryRequired).getMessage()).doesNotContain("--passphrase");
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
        SpikeClusterStatus first = aggregator.next(null, seen(3, nexus("READY", 3)), RUNBOOK);
        now.set(Instant.parse("2026-11-29T10:05:00Z"));
        // Same statuses, different message (a Keeper count changed but stays above threshold).
        SpikeClusterStatus second = aggregator.next(first, seen(2, nexus("READY", 3)), RUNBOOK);
        assertThat(condition(second, ConditionType.Ready).getLastTransitionTime()).isEqualTo("2026-11-29T10:00:00Z");
        assertThat(condition(second, ConditionType.KeepersAvailable).getMessage()).startsWith("2 of 3");

        now.set(Instant.parse("2026-11-29T10:09:00Z"));
        SpikeClusterStatus third = aggregator.next(second, seen(1, nexus("READY", 3)), RUNBOOK);
        assertThat(condition(third, ConditionType.Ready).getLastTransitionTime()).isEqualTo("2026-11-29T10:09:00Z");
        assertThat(condition(third, ConditionType.NexusAvailable).getLastTransitionTime())
                .isEqualTo("2026-11-29T10:00:00Z");
        assertThat(Transitions.between(second, third)).extracting(Transitions.Transition::reason)
                .containsExactly("KeepersUnavailable", "TooFewKeepersReady");
        assertThat(Transitions.between(third, aggregator.next(third, seen(1, nexus("READY", 3)), RUNBOOK)))
                .isEmpty();
    }

    @Test
    void anUnreachableNexusIsPendingWithUnknownRootKey() {
        SpikeClusterStatus status = aggregator.next(null,
                seen(3, NexusObservation.unreachable("cannot connect to http://x")), RUNBOOK);

        assertThat(status.getState()).isEqualTo("Pending");
        assertThat(condition(status, ConditionType.NexusAvailable).getStatus()).isEqualTo("False");
        assertThat(condition(status, ConditionType.NexusAvailable).getMessage()).contains("cannot connect to http://x");
        assertThat(condition(status, ConditionType.RootKeyAvailable).getStatus()).isEqualTo("Unknown");
        assertThat(condition(status, ConditionType.Ready).getReason()).isEqualTo("NexusUnavailable");
        assertThat(status.getRestore()).isNull();
    }

    @Test
    void anInvalidSpecIsNotReadyWhateverNexusSays() {
        ClusterObservation invalid = new ClusterObservation(2, List.of("keepers.threshold (4) must not exceed"
                + " keepers.replicas (3)"), 3, 4, 3, true, nexus("READY", 3));

        SpikeClusterStatus status = aggregator.next(null, invalid, RUNBOOK);

        assertThat(condition(status, ConditionType.Ready).getStatus()).isEqualTo("False");
        assertThat(condition(status, ConditionType.Ready).getReason()).isEqualTo("InvalidSpec");
        assertThat(condition(status, ConditionType.Ready).getMessage()).contains("must not exceed");
        assertThat(status.getState()).isEqualTo("READY");
    }

    @Test
    void theRootKeysOwnSharingWinsOverTheSpec() {
        // The spec now says 5 Keepers, threshold 3; Nexus's database still has the key shared 2 of 3.
        ClusterObservation seen = new ClusterObservation(3, List.of(), 5, 3, 5, true,
                NexusObservation.reachable("RESTORE_REQUIRED", 0, 0, 2, 3, 2));

        SpikeClusterStatus status = aggregator.next(null, seen, RUNBOOK);

        assertThat(condition(status, ConditionType.RecoveryRequired).getMessage()).contains("(2 needed: 0 received, 2 to go)");
        SpikeClusterStatus ready = aggregator.next(status, new ClusterObservation(3, List.of(), 5, 3, 5, true,
                NexusObservation.reachable("READY", 3, 0, 0, 3, 2)), RUNBOOK);
        // Every Keeper of the key's sharing holds its shard, but the spec asks for another: a re-share is due.
        assertThat(condition(ready, ConditionType.ShardsDistributed).getStatus()).isEqualTo("False");
        assertThat(condition(ready, ConditionType.ShardsDistributed).getReason()).isEqualTo("Resharing");
    }

    @Test
    void aFailedReconcileTurnsReadyFalseAndKeepsWhatWasKnown() {
        SpikeClusterStatus ready = aggregator.next(null, seen(3, nexus("READY", 3)), RUNBOOK);
        now.set(Instant.parse("2026-11-29T10:01:00Z"));

        SpikeClusterStatus failed = aggregator.failed(ready, 8, "Failure executing: POST ... Message: forbidden");

        assertThat(condition(failed, ConditionType.Ready).getStatus()).isEqualTo("False");
        assertThat(condition(failed, ConditionType.Ready).getReason()).isEqualTo("ReconcileFailed");
        assertThat(condition(failed, ConditionType.Ready).getMessage()).contains("forbidden");
        assertThat(condition(failed, ConditionType.Ready).getLastTransitionTime()).isEqualTo("2026-11-29T10:01:00Z");
        assertThat(condition(failed, ConditionType.RootKeyAvailable)).isEqualTo(condition(ready, ConditionType.RootKeyAvailable));
        assertThat(failed.getState()).isEqualTo("READY");
        assertThat(failed.getObservedGeneration()).isEqualTo(8);
        assertThat(aggregator.failed(null, 1, "boom").getState()).isEqualTo("Pending");
    }

    @Test
    void recoveryFilesCurrentFollowsNexusAndAStaleOneIsAWarningEvent() {
        NexusObservation.Sharing taken = new NexusObservation.Sharing(1, "current", "2026-11-29T09:00:00Z", 0, 0, null);
        SpikeClusterStatus current = aggregator.next(null, seen(3, nexus("READY", 3).withSharing(taken)), RUNBOOK);
        assertThat(condition(current, ConditionType.RecoveryFilesCurrent).getStatus()).isEqualTo("True");
        assertThat(condition(current, ConditionType.RecoveryFilesCurrent).getMessage())
                .contains("taken at 2026-11-29T09:00:00Z for sharing generation 1");

        SpikeClusterStatus stale = aggregator.next(current, seen(3, nexus("READY", 3).withSharing(
                new NexusObservation.Sharing(2, "stale", "2026-11-29T09:00:00Z", 0, 0, null))), RUNBOOK);
        assertThat(condition(stale, ConditionType.RecoveryFilesCurrent).getReason()).isEqualTo("Stale");
        assertThat(condition(stale, ConditionType.RecoveryFilesCurrent).getMessage())
                .contains("kubectl exec -n ns deploy/spike-pilot -- spike recover --stdout");
        assertThat(Transitions.between(current, stale)).anySatisfy(t -> {
            assertThat(t.reason()).isEqualTo("Stale");
            assertThat(t.warning()).isTrue();
        });
        SpikeClusterStatus never = aggregator.next(null, seen(3, nexus("READY", 3).withSharing(
                new NexusObservation.Sharing(1, "none", null, 0, 0, null))), RUNBOOK);
        assertThat(condition(never, ConditionType.RecoveryFilesCurrent).getReason()).isEqualTo("NeverTaken");
        assertThat(condition(aggregator.next(null, seen(3, nexus("READY", 3)), RUNBOOK),
                ConditionType.RecoveryFilesCurrent).getStatus()).isEqualTo("Unknown");
    }

    @Test
    void aRekeyShowsInShardsDistributedAndTurnsTheFilesStaleWithTheReason() {
        NexusObservation.Sharing taken = new NexusObservation.Sharing(1, "current", "2026-11-29T09:00:00Z", 0, 0, null);
        SpikeClusterStatus before = aggregator.next(null, seen(3, nexus("READY", 3).withSharing(taken)), RUNBOOK);
        SpikeClusterStatus rekeying = aggregator.next(before, seen(3, nexus("READY", 3).withSharing(
                new NexusObservation.Sharing(1, "current", "2026-11-29T09:00:00Z", 0, 0, null, null, true, "none"))), RUNBOOK);
        assertThat(condition(rekeying, ConditionType.ShardsDistributed).getReason()).isEqualTo("Rekeying");
        assertThat(condition(rekeying, ConditionType.RecoveryFilesCurrent).getStatus()).as("old files hold until it is done")
                .isEqualTo("True");

        SpikeClusterStatus rekeyed = aggregator.next(rekeying, seen(3, nexus("READY", 3).withSharing(
                new NexusObservation.Sharing(2, "stale", "2026-11-29T09:00:00Z", 0, 0, null, "2026-12-02T10:00:00Z",
                        false, "none"))), RUNBOOK);
        assertThat(condition(rekeyed, ConditionType.ShardsDistributed).getStatus()).isEqualTo("True");
        assertThat(condition(rekeyed, ConditionType.RecoveryFilesCurrent).getMessage())
                .contains("replaced by the rekey of 2026-12-02T10:00:00Z and no longer restore");
        assertThat(Transitions.between(rekeying, rekeyed)).anySatisfy(t -> {
            assertThat(t.reason()).isEqualTo("Stale");
            assertThat(t.warning()).isTrue();
        });
    }

    @Test
    void aReshareShowsInShardsDistributed() {
        ClusterObservation scaled = new ClusterObservation(4, List.of(), 4, 3, 4, true,
                NexusObservation.reachable("READY", 3, 0, 0, 3, 2).withSharing(
                        new NexusObservation.Sharing(1, "current", "2026-11-29T09:00:00Z", 4, 3, null)));
        Condition resharing = condition(aggregator.next(null, scaled, RUNBOOK), ConditionType.ShardsDistributed);
        assertThat(resharing.getReason()).isEqualTo("Resharing");
        assertThat(resharing.getMessage()).contains("generation 2 (any 3 of 4)");

        ClusterObservation refused = new ClusterObservation(4, List.of(), 3, 3, 3, true,
                NexusObservation.reachable("READY", 3, 0, 0, 3, 2).withSharing(new NexusObservation.Sharing(1, "current",
                        "2026-11-29T09:00:00Z", 0, 0, "not re-sharing the root key from 2 of 3 to 3 of 3")));
        assertThat(condition(aggregator.next(null, refused, RUNBOOK), ConditionType.ShardsDistributed).getReason())
                .isEqualTo("ReshareRefused");

        ClusterObservation notYet = new ClusterObservation(4, List.of(), 4, 3, 4, true,
                NexusObservation.reachable("READY", 3, 0, 0, 3, 2));
        assertThat(condition(aggregator.next(null, notYet, RUNBOOK), ConditionType.ShardsDistributed).getMessage())
                .contains("the spec asks for any 3 of 4");

        ClusterObservation done = new ClusterObservation(4, List.of(), 4, 3, 4, true,
                NexusObservation.reachable("READY", 4, 0, 0, 4, 3));
        assertThat(condition(aggregator.next(null, done, RUNBOOK), ConditionType.ShardsDistributed).getStatus())
                .isEqualTo("True");
    }

    @Test
    void transitionsNameTroubleAsWarnings() {
        SpikeClusterStatus ready = aggregator.next(null, seen(3, nexus("READY", 3)), RUNBOOK);
        SpikeClusterStatus lost = aggregator.next(ready, seen(3, nexus("RESTORE_REQUIRED", 0)), RUNBOOK);

        assertThat(Transitions.between(ready, lost))
                .anySatisfy(t -> {
                    assertThat(t.reason()).isEqualTo("StateChanged");
                    assertThat(t.message()).isEqualTo("State READY -> RESTORE_REQUIRED");
                })
                .anySatisfy(t -> {
                    assertThat(t.reason()).isEqualTo("RestoreRequired");
                    assertThat(t.warning()).isTrue();
                });
    }

    private static Condition condition(SpikeClusterStatus status, ConditionType type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type.name())).findFirst().orElseThrow();
    }
}
