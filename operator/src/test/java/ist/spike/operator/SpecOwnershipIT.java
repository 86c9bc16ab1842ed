package ist.spike.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.operator.api.ApiRequest;
import ist.spike.operator.model.SpikeCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spec is the user's: the operator owns only {@code metadata.finalizers} and the status. Checked
 * on what the operator sends, not only on what the mock stores: with server-side apply the mock merges
 * an apply into the object, so a spec in any request would show here as it did on a real cluster.
 */
class SpecOwnershipIT {
    private static final String NS = "spike-bars";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code hack/samples}-like spec with every field away from its default. */
    private static final String SPEC = """
            {"trustDomain":"example.org","keepers":{"replicas":5,"threshold":3},
             "nexus":{"storage":{"size":"2Gi"}},"spire":{"registerIdentities":true}}""";

    private MockKubernetes k8s;

    @BeforeEach
    void start() throws Exception {
        k8s = new MockKubernetes();
    }

    @AfterEach
    void stop() {
        k8s.close();
    }

    @ParameterizedTest(name = "server-side apply {0}")
    @ValueSource(booleans = {true, false})
    void aUsersSpecSurvivesReconcilesAndAnOperatorRestart(boolean serverSideApply) throws Exception {
        k8s.client.resource(k8s.client.getKubernetesSerialization().unmarshal("""
                {"apiVersion":"spike.ist/v1alpha1","kind":"SpikeCluster",
                 "metadata":{"name":"five","namespace":"%s"},"spec":%s}""".formatted(NS, SPEC), SpikeCluster.class))
                .create();
        JsonNode applied = spec();

        k8s.newOperator(config(serverSideApply), k8s.nexus).start();
        k8s.nexus.state("five", "INITIALIZING", 0, 0, 3);
        await().atMost(WAIT).until(() -> "INITIALIZING".equals(state()) && finalized());
        assertThat(spec()).isEqualTo(applied);

        k8s.stopOperators();
        k8s.newOperator(config(serverSideApply), k8s.nexus).start();
        k8s.nexus.state("five", "READY", 5, 0, 3);
        await().atMost(WAIT).until(() -> "READY".equals(state()));

        assertThat(spec()).isEqualTo(applied);
        // Every write to the SpikeCluster, its status included: none carries a spec, neither as a key
        // (an apply, an update) nor as a JSON patch path ("/spec/...").
        List<ApiRequest> writes = k8s.operatorRequests().stream()
                .filter(r -> "spikeclusters".equals(r.resource()))
                .filter(r -> !List.of("get", "list", "watch").contains(r.verb()))
                .toList();
        assertThat(writes).extracting(ApiRequest::subresource).as("the finalizer and the status were written")
                .contains(null, "status");
        assertThat(writes).allSatisfy(r -> {
            assertThat(JSON.readTree(r.body()).findValue("spec")).as("%s sent %s", r, r.body()).isNull();
            assertThat(r.body()).as("%s", r).doesNotContain("\"/spec");
        });
    }

    private static OperatorConfig config(boolean serverSideApply) {
        return MockKubernetes.withServerSideApply(MockKubernetes.productionConfig(Duration.ofMillis(100)),
                serverSideApply);
    }

    private SpikeCluster cluster() {
        return k8s.client.resources(SpikeCluster.class).inNamespace(NS).withName("five").get();
    }

    private JsonNode spec() {
        return k8s.client.getKubernetesSerialization().convertValue(
                k8s.client.genericKubernetesResources("spike.ist/v1alpha1", "SpikeCluster").inNamespace(NS)
                        .withName("five").get().getAdditionalProperties().get("spec"), JsonNode.class);
    }

    private String state() {
        SpikeCluster cluster = cluster();
        return cluster.getStatus() == null ? null : cluster.getStatus().getState();
    }

    private boolean finalized() {
        return !cluster().getMetadata().getFinalizers().isEmpty();
    }
}
