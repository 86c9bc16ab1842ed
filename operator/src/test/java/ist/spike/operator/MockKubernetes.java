package ist.spike.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import ist.spike.operator.api.ApiRequest;
import ist.spike.operator.api.OperatorRequestLog;
import ist.spike.operator.status.NexusStatusSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * fabric8's mock API server in CRUD mode with the committed SpikeCluster CRD installed, and operators
 * running against it with the chart's production settings wherever the mock allows (see
 * {@link #productionConfig}). The operators have their own client, so the requests they send are
 * recorded apart from the test's own ({@link #operatorRequests}).
 */
final class MockKubernetes implements AutoCloseable {
    static final Path CRD = Path.of("..", "crds", "spikeclusters.spike.ist-v1.yml");
    static final Path SPIRE_CRD = Path.of("src", "test", "resources", "spire", "spire.spiffe.io_clusterspiffeids.yaml");
    static final String LEASE_NAMESPACE = "spike-system";

    static {
        // The mock server logs every request through java.util.logging: route it to logback, which filters it.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
    }

    final KubernetesMockServer server;
    /** The test's client: what a user's kubectl would send. */
    final KubernetesClient client;
    final FakeNexusStatusSource nexus = new FakeNexusStatusSource();
    private final ReviewingCrudDispatcher dispatcher = new ReviewingCrudDispatcher();
    private final List<SpikeOperator> operators = new ArrayList<>();
    private final List<KubernetesClient> operatorClients = new ArrayList<>();

    MockKubernetes() throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        install(CRD);
    }

    /**
     * What the chart installs by default, as far as the mock allows: all namespaces, leader election
     * on (a Lease in {@link #LEASE_NAMESPACE}), every namespace allowed to register identities. One
     * difference: server-side apply off. The mock keeps no {@code managedFields}, and JOSDK's
     * server-side-apply matcher reads a child without them as up to date, so a changed spec would
     * never reach the children here. {@link SpecOwnershipIT} and {@link RbacCoverageIT} run with it
     * on as well ({@link #withServerSideApply}).
     */
    static OperatorConfig productionConfig(Duration poll) {
        return new OperatorConfig(Set.of(), 0, true, "spike-operator", LEASE_NAMESPACE, false, "http://unused", poll,
                Set.of("*"), Set.of(OperatorConfig.DEFAULT_HOST_PATH));
    }

    /** The same settings with server-side apply on or off. */
    static OperatorConfig withServerSideApply(OperatorConfig c, boolean on) {
        return new OperatorConfig(c.namespaces(), c.healthPort(), c.leaderElection(), c.leaseName(), c.leaseNamespace(),
                on, c.nexusStatusUrl(), c.nexusPollInterval(), c.identityNamespaces(), c.hostPaths());
    }

    /** Installs a CustomResourceDefinition from a YAML file. */
    void install(Path crd) throws IOException {
        try (InputStream in = Files.newInputStream(crd)) {
            client.resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
        }
    }

    /** Starts an operator with the production settings and this poll interval for the fake Nexus. */
    MockKubernetes startOperator(Duration poll) {
        newOperator(productionConfig(poll), nexus).start();
        return this;
    }

    /** An operator (not started) on this server with its own client; closed with this server. */
    SpikeOperator newOperator(OperatorConfig config, NexusStatusSource source) {
        dispatcher.operatorMode(new OperatorRequestLog.Mode(config.serverSideApply(), config.namespaces()));
        KubernetesClient own = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withUserAgent(ReviewingCrudDispatcher.OPERATOR_AGENT).build()).build();
        operatorClients.add(own);
        SpikeOperator operator = new SpikeOperator(own, config, source, new SimpleMeterRegistry(), () -> { });
        operators.add(operator);
        return operator;
    }

    /** Answers the operator's matching requests with 422 from now on; {@code r -> false} lifts it. */
    void refuse(java.util.function.Predicate<ApiRequest> which) {
        dispatcher.refuse(which);
    }

    /** Every request the operators on this server sent, oldest first. */
    List<ApiRequest> operatorRequests() {
        return dispatcher.operatorRequests();
    }

    /** Stops the operators started so far (as a restart would), leaving the server and its objects. */
    void stopOperators() {
        operators.forEach(SpikeOperator::close);
        operators.clear();
        operatorClients.forEach(KubernetesClient::close);
        operatorClients.clear();
    }

    @Override
    public void close() {
        stopOperators();
        client.close();
        server.destroy();
    }
}
