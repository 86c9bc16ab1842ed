package ist.spike.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import ist.spike.core.testing.SpikeSystem;
import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.status.HttpNexusStatusSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator against fabric8's mock API server, reading a real Nexus (from {@code hack/start.sh},
 * under a temporary HOME) as its status source. The mock has no kubelet: the test plays it, restarting
 * killed processes as a StatefulSet would and setting the Keeper StatefulSet's ready count.
 */
class OperatorRecoveryIT {
    private static final String NS = "spike";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private SpikeSystem system;
    private Map<String, String> env;
    private MockKubernetes k8s;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        system = new SpikeSystem(home);
        int healthPort = SpikeSystem.freePort();
        int apiPort = SpikeSystem.freePort();
        env = new HashMap<>(Map.of(
                "SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + apiPort,
                "SPIKE_NEXUS_HEALTH_PORT", "127.0.0.1:" + healthPort,
                "SPIKE_NEXUS_API_URL", "https://localhost:" + apiPort,
                "SPIKE_KEEPER_PORTS", SpikeSystem.freeKeeperPorts()));
        SpikeSystem.Result started = system.run(env, null, "hack/start.sh");
        assertThat(started.exitCode()).as(started.output()).isZero();

        k8s = new MockKubernetes();
        client = k8s.client;
        OperatorConfig production = MockKubernetes.productionConfig(Duration.ofMillis(200));
        OperatorConfig config = new OperatorConfig(production.namespaces(), 0, production.leaderElection(),
                production.leaseName(), production.leaseNamespace(), production.serverSideApply(),
                "http://127.0.0.1:" + healthPort + "/status", production.nexusPollInterval(), Set.of(),
                production.hostPaths());
        k8s.newOperator(config, new HttpNexusStatusSource(config.nexusStatusUrl(), Duration.ofSeconds(2))).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (k8s != null) {
            k8s.close();
        }
        system.run(env, null, "hack/stop.sh");
    }

    @Test
    void losingNexusAndKeepersShowsRecoveryRequiredAndRestoringMakesItReadyAgain() throws Exception {
        client.resource(SpikeClusters.named(NS, "demo")).create();
        await().atMost(WAIT).until(() -> statefulSet("demo-keeper") != null);
        keepersReady(3);
        awaitCondition("Ready", "True");
        assertThat(cluster().getStatus().getState()).isEqualTo("READY");
        assertThat(cluster().getStatus().getKeepers().getHoldingShard()).isEqualTo(3);

        assertThat(run(null, "bin/spike", "secret", "put", "ops/db", "password=s3cret").exitCode()).isZero();
        List<String> shards = recoverShards();

        for (String piece : List.of("nexus", "keeper-1", "keeper-2", "keeper-3")) {
            system.kill9(piece);
        }
        keepersReady(0);
        awaitCondition("NexusAvailable", "False");
        // The StatefulSets bring the pods back: new Keepers without shards, a Nexus without its key.
        assertThat(run(null, "hack/start.sh").exitCode()).isEqualTo(1);
        keepersReady(3);

        awaitCondition("RecoveryRequired", "True");
        Condition recovery = condition("RecoveryRequired");
        assertThat(recovery.getReason()).isEqualTo("RestoreRequired");
        assertThat(recovery.getMessage()).contains("spike restore").contains("0 received, 2 to go");
        assertThat(cluster().getStatus().getState()).isEqualTo("RESTORE_REQUIRED");
        assertThat(condition("Ready").getStatus()).isEqualTo("False");

        assertThat(run(null, "hack/spire-server-entry-restore-register.sh").exitCode()).isZero();
        Thread.sleep(1500);
        assertThat(run(shards.get(0), "bin/spike", "restore").exitCode()).isZero();
        await().atMost(WAIT).until(() -> cluster().getStatus().getRestore().getCollected() == 1);
        assertThat(condition("RecoveryRequired").getMessage()).contains("1 received, 1 to go");

        long t0 = System.nanoTime();
        assertThat(run(shards.get(1), "bin/spike", "restore").stdout()).contains("SPIKE is now restored");
        awaitCondition("Ready", "True");
        System.out.printf("operator IT: last restore shard to Ready=True in %d ms (poll 200 ms)%n",
                (System.nanoTime() - t0) / 1_000_000);
        awaitCondition("RecoveryRequired", "False");
        awaitCondition("ShardsDistributed", "True");
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RestoreRequired"));
    }

    private List<String> recoverShards() throws Exception {
        assertThat(run(null, "hack/spire-server-entry-recover-register.sh").exitCode()).isZero();
        Thread.sleep(1500);
        SpikeSystem.Result recovered = run(null, "bin/spike", "recover");
        assertThat(recovered.exitCode()).as(recovered.output()).isZero();
        List<String> shards = List.of(
                Files.readString(home.resolve(".spike/recover/spike.recovery.1.txt")),
                Files.readString(home.resolve(".spike/recover/spike.recovery.3.txt")));
        assertThat(run(null, "hack/spire-server-entry-su-register.sh").exitCode()).isZero();
        return shards;
    }

    private SpikeSystem.Result run(String input, String... command) throws Exception {
        return system.run(env, input, command);
    }

    private void keepersReady(int ready) {
        Conflicts.retry(() -> {
            StatefulSet sts = statefulSet("demo-keeper");
            sts.setStatus(new StatefulSetStatusBuilder().withReplicas(3).withReadyReplicas(ready).build());
            client.apps().statefulSets().inNamespace(NS).resource(sts).updateStatus();
        });
    }

    private void awaitCondition(String type, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            Condition c = condition(type);
            return c != null && status.equals(c.getStatus());
        });
    }

    private Condition condition(String type) {
        SpikeCluster c = cluster();
        return c == null || c.getStatus() == null ? null : c.getStatus().getConditions().stream()
                .filter(x -> type.equals(x.getType())).findFirst().orElse(null);
    }

    private SpikeCluster cluster() {
        return client.resources(SpikeCluster.class).inNamespace(NS).withName("demo").get();
    }

    private StatefulSet statefulSet(String name) {
        return client.apps().statefulSets().inNamespace(NS).withName(name).get();
    }
}
