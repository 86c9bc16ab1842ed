package ist.spike.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two operator replicas with leader election: one takes the Lease, and the SpikeCluster is reconciled. */
class LeaderElectionIT {
    @Test
    void oneOfTwoReplicasHoldsTheLeaseAndReconciles() throws Exception {
        try (MockKubernetes k8s = new MockKubernetes()) {
            SpikeOperator first = k8s.newOperator(MockKubernetes.productionConfig(Duration.ofMillis(200)), k8s.nexus);
            SpikeOperator second = k8s.newOperator(MockKubernetes.productionConfig(Duration.ofMillis(200)), k8s.nexus);
            first.start();
            second.start();
            k8s.client.resource(SpikeClusters.named("spike", "demo")).create();

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    k8s.client.apps().statefulSets().inNamespace("spike").withName("demo-nexus").get() != null);
            Lease lease = k8s.client.leases().inNamespace(MockKubernetes.LEASE_NAMESPACE).withName("spike-operator").get();
            assertThat(lease).isNotNull();
            assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
            assertThat(first.ready()).isTrue();
            assertThat(second.ready()).isTrue();
        }
    }
}
