package ist.spike.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import ist.spike.operator.api.CrdSchema;
import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.model.SpikeClusterSpec;
import ist.spike.operator.model.SpikeClusterStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator against fabric8's mock API server in CRUD mode, with a fake Nexus status. */
class SpikeClusterReconcilerIT {
    private static final String NS = "spike";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private MockKubernetes k8s;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        k8s = new MockKubernetes().startOperator(Duration.ofMillis(100));
        client = k8s.client;
    }

    @AfterEach
    void stop() {
        k8s.close();
    }

    @Test
    void applyingASpikeClusterCreatesEveryChild() {
        client.resource(SpikeClusters.named(NS, "demo")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(statefulSet("demo-keeper")).isNotNull();
            assertThat(statefulSet("demo-nexus")).isNotNull();
            assertThat(service("demo-keeper-headless")).isNotNull();
            assertThat(service("demo-nexus")).isNotNull();
            assertThat(pdb("demo-keeper")).isNotNull();
        });
        StatefulSet keepers = statefulSet("demo-keeper");
        assertThat(keepers.getSpec().getReplicas()).isEqualTo(3);
        assertThat(keepers.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(keepers.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("SpikeCluster"));
        assertThat(env(statefulSet("demo-nexus"), "SPIKE_NEXUS_KEEPER_PEERS")).isEqualTo(
                "https://demo-keeper-0.demo-keeper-headless.spike.svc:8443,"
                        + "https://demo-keeper-1.demo-keeper-headless.spike.svc:8443,"
                        + "https://demo-keeper-2.demo-keeper-headless.spike.svc:8443");
        assertThat(pdb("demo-keeper").getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
    }

    @Test
    void aSpikeClusterWithoutASpecGetsEveryDefault() {
        client.resource(client.getKubernetesSerialization().unmarshal("""
                {"apiVersion":"spike.ist/v1alpha1","kind":"SpikeCluster","metadata":{"name":"bare","namespace":"%s"}}"""
                .formatted(NS), SpikeCluster.class)).create();

        await().atMost(WAIT).until(() -> statefulSet("bare-keeper") != null && statefulSet("bare-nexus") != null);
        assertThat(statefulSet("bare-keeper").getSpec().getReplicas()).isEqualTo(3);
        assertThat(env(statefulSet("bare-nexus"), "SPIKE_NEXUS_SHAMIR_THRESHOLD")).isEqualTo("2");
        awaitCondition("bare", "Ready", "False", "NexusUnavailable");
        assertThat(client.resources(SpikeCluster.class).inNamespace(NS).withName("bare").get().getSpec())
                .as("the operator fills in defaults for itself, never in the stored object").isNull();
    }

    @Test
    void changingKeeperReplicasUpdatesStatefulSetBudgetAndPeers() {
        client.resource(SpikeClusters.named(NS, "demo")).create();
        await().atMost(WAIT).until(() -> statefulSet("demo-nexus") != null);

        editSpec("demo", spec -> {
            spec.getKeepers().setReplicas(5);
            spec.getKeepers().setThreshold(3);
        });

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(statefulSet("demo-keeper").getSpec().getReplicas()).isEqualTo(5);
            assertThat(pdb("demo-keeper").getSpec().getMinAvailable().getIntVal()).isEqualTo(3);
            assertThat(java.util.List.of(env(statefulSet("demo-nexus"), "SPIKE_NEXUS_KEEPER_PEERS").split(","))).hasSize(5)
                    .last().isEqualTo("https://demo-keeper-4.demo-keeper-headless.spike.svc:8443");
            assertThat(env(statefulSet("demo-nexus"), "SPIKE_NEXUS_SHAMIR_THRESHOLD")).isEqualTo("3");
        });
    }

    @Test
    void aDeletedChildComesBack() {
        client.resource(SpikeClusters.named(NS, "demo")).create();
        await().atMost(WAIT).until(() -> service("demo-nexus") != null && statefulSet("demo-keeper") != null);

        client.services().inNamespace(NS).withName("demo-nexus").delete();
        client.apps().statefulSets().inNamespace(NS).withName("demo-keeper").delete();

        await().atMost(WAIT).until(() -> service("demo-nexus") != null && statefulSet("demo-keeper") != null);
    }

    @Test
    void readinessAndNexusStatesDriveTheStatus() throws InterruptedException {
        client.resource(SpikeClusters.named(NS, "demo")).create();
        await().atMost(WAIT).until(() -> statefulSet("demo-keeper") != null);
        awaitCondition("Ready", "False", "NexusUnavailable");
        assertThat(status().getState()).isEqualTo("Pending");

        k8s.nexus.state("demo", "INITIALIZING", 0, 0, 2);
        setReady("demo-keeper", 3);
        awaitState("INITIALIZING");
        awaitCondition("RootKeyAvailable", "False", "Initializing");

        k8s.nexus.state("demo", "READY", 3, 0, 2);
        awaitCondition("Ready", "True", "AllAvailable");
        assertThat(status().getKeepers().getSummary()).isEqualTo("3/3");
        assertThat(status().getKeepers().getHoldingShard()).isEqualTo(3);
        assertThat(condition("ShardsDistributed")).extracting(Condition::getStatus).isEqualTo("True");
        assertThat(condition("RecoveryRequired")).extracting(Condition::getStatus).isEqualTo("False");
        // Nexus stays reachable from here on: its condition keeps its transition time through every change below.
        String nexusSince = condition("NexusAvailable").getLastTransitionTime();

        setReady("demo-keeper", 1);
        awaitCondition("KeepersAvailable", "False", "TooFewKeepersReady");
        awaitCondition("Ready", "False", "KeepersUnavailable");
        assertThat(status().getKeepers().getSummary()).isEqualTo("1/3");

        // Nexus state first, then readiness: the other order passes through Ready=True in between.
        k8s.nexus.state("demo", "RESTORE_REQUIRED", 0, 1, 1);
        awaitCondition("RecoveryRequired", "True", "RestoreRequired");
        setReady("demo-keeper", 3);
        awaitCondition("KeepersAvailable", "True", "EnoughKeepersReady");
        assertThat(condition("RecoveryRequired").getMessage())
                .contains("spike restore").contains("(2 needed: 1 received, 1 to go)")
                .contains("kubectl exec -i -n spike deploy/demo-pilot -- spike restore")
                .contains("spiffe://spike.ist/spike/pilot/role/restore/spike/demo");
        assertThat(status().getRestore().getCollected()).isEqualTo(1);
        assertThat(status().getRestore().getRemaining()).isEqualTo(1);
        assertThat(condition("Ready").getStatus()).isEqualTo("False");

        k8s.nexus.state("demo", "RECOVERING", 0, 0, 2);
        awaitCondition("RootKeyAvailable", "False", "Recovering");

        Thread.sleep(1100); // times have one-second resolution: make sure a restamp would show
        k8s.nexus.state("demo", "READY", 3, 0, 2);
        awaitCondition("Ready", "True", "AllAvailable");
        awaitCondition("RecoveryRequired", "False", "NoRecoveryNeeded");
        assertThat(condition("NexusAvailable").getLastTransitionTime()).isEqualTo(nexusSince);
        assertThat(status().getObservedGeneration()).isEqualTo(
                client.resources(SpikeCluster.class).inNamespace(NS).withName("demo").get().getMetadata().getGeneration());
        // Each transition is announced once: RecoveryRequired=True and RootKeyAvailable=False, both
        // for RestoreRequired; Ready=True twice.
        var reasons = client.v1().events().inNamespace(NS).list().getItems().stream()
                .map(io.fabric8.kubernetes.api.model.Event::getReason).toList();
        assertThat(reasons).filteredOn("RestoreRequired"::equals).hasSize(2);
        assertThat(reasons).filteredOn("AllAvailable"::equals).hasSize(2);
    }

    @Test
    void aNexusThatDoesNotAnswerNeverHoldsUpTheReconcile() {
        k8s.nexus.slow("slow", 15_000);
        long start = System.nanoTime();
        client.resource(SpikeClusters.named(NS, "slow")).create();

        awaitCondition("slow", "NexusAvailable", "Unknown", "NexusUnreachable");
        assertThat(statefulSet("slow-nexus")).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(condition("slow", "NexusAvailable").getMessage()).isEqualTo("Nexus /status has not been read yet.");
    }

    @Test
    void anInvalidSpecGivesItsConditionAndCreatesNothing() {
        SpikeCluster bad = SpikeClusters.named(NS, "bad");
        bad.getSpec().getKeepers().setThreshold(4);
        client.resource(bad).create();

        awaitCondition("bad", "Ready", "False", "InvalidSpec");
        assertThat(condition("bad", "Ready").getMessage()).contains("keepers.threshold (4) must not exceed keepers.replicas (3)");
        assertThat(statefulSet("bad-keeper")).isNull();
        assertThat(statefulSet("bad-nexus")).isNull();

        editSpec("bad", spec -> spec.getKeepers().setThreshold(2));
        await().atMost(WAIT).until(() -> statefulSet("bad-keeper") != null);
        awaitCondition("bad", "Ready", "False", "NexusUnavailable");
    }

    @Test
    void identitiesAreRegisteredWhenAskedAndRemovedWithTheCluster() throws Exception {
        k8s.install(MockKubernetes.SPIRE_CRD);
        SpikeCluster cluster = SpikeClusters.named(NS, "demo");
        cluster.getSpec().getSpire().setRegisterIdentities(true);
        client.resource(cluster).create();

        await().atMost(WAIT).untilAsserted(() -> assertThat(identities()).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder("spike.demo.nexus", "spike.demo.keeper"));
        CrdSchema schema = CrdSchema.load(MockKubernetes.SPIRE_CRD);
        assertThat(identities()).allSatisfy(identity ->
                assertThat(schema.problems(client.getKubernetesSerialization().asJson(identity))).isEmpty());

        client.resources(SpikeCluster.class).inNamespace(NS).withName("demo").delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(identities()).isEmpty();
            assertThat(client.resources(SpikeCluster.class).inNamespace(NS).withName("demo").get()).isNull();
        });
    }

    private java.util.List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> identities() {
        return client.genericKubernetesResources("spire.spiffe.io/v1alpha1", "ClusterSPIFFEID").list().getItems();
    }

    private void setReady(String statefulSet, int ready) {
        Conflicts.retry(() -> {
            StatefulSet sts = statefulSet(statefulSet);
            sts.setStatus(new StatefulSetStatusBuilder().withReplicas(sts.getSpec().getReplicas())
                    .withReadyReplicas(ready).withAvailableReplicas(ready).build());
            client.apps().statefulSets().inNamespace(NS).resource(sts).updateStatus();
        });
    }

    private void awaitState(String state) {
        await().atMost(WAIT).until(() -> status() != null && state.equals(status().getState()));
    }

    private void awaitCondition(String type, String status, String reason) {
        awaitCondition("demo", type, status, reason);
    }

    private void awaitCondition(String cluster, String type, String status, String reason) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition(cluster, type))
                .isNotNull()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo(status);
                    assertThat(c.getReason()).isEqualTo(reason);
                }));
    }

    private Condition condition(String type) {
        return condition("demo", type);
    }

    private Condition condition(String cluster, String type) {
        SpikeClusterStatus s = status(cluster);
        return s == null ? null : s.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElse(null);
    }

    private SpikeClusterStatus status() {
        return status("demo");
    }

    private SpikeClusterStatus status(String cluster) {
        return Optional.ofNullable(client.resources(SpikeCluster.class).inNamespace(NS).withName(cluster).get())
                .map(SpikeCluster::getStatus).orElse(null);
    }

    private void editSpec(String name, Consumer<SpikeClusterSpec> change) {
        SpikeClusters.editSpec(client, NS, name, change);
    }

    private StatefulSet statefulSet(String name) {
        return client.apps().statefulSets().inNamespace(NS).withName(name).get();
    }

    private Service service(String name) {
        return client.services().inNamespace(NS).withName(name).get();
    }

    private PodDisruptionBudget pdb(String name) {
        return client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get();
    }

    private static String env(StatefulSet sts, String name) {
        return sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst().orElse(null);
    }
}
