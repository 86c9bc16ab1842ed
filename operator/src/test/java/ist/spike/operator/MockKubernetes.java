package ist.spike.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Set;

/**
 * fabric8's mock API server in CRUD mode with the committed SpikeCluster CRD installed, and the
 * operator running against it with server-side apply off (the mock has none) and no leader election.
 */
final class MockKubernetes implements AutoCloseable {
    static final Path CRD = Path.of("..", "crds", "spikeclusters.spike.ist-v1.yml");

    static {
        // The mock server logs every request through java.util.logging: route it to logback, which filters it.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
    }

    final KubernetesMockServer server;
    final KubernetesClient client;
    final FakeNexusStatusSource nexus = new FakeNexusStatusSource();
    private SpikeOperator operator;

    MockKubernetes() throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ReviewingCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        try (InputStream in = Files.newInputStream(CRD)) {
            client.resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
        }
    }

    /** Starts the operator with this poll interval for the fake Nexus, without leader election. */
    MockKubernetes startOperator(Duration poll) {
        operator = newOperator(poll, false);
        operator.start();
        return this;
    }

    /** An operator (not started) on this server; the caller closes it. */
    SpikeOperator newOperator(Duration poll, boolean leaderElection) {
        OperatorConfig config = new OperatorConfig(Set.of(), 0, leaderElection, "spike-operator", "spike-system",
                false, "http://unused", poll, Set.of("*"));
        return new SpikeOperator(client, config, nexus, new SimpleMeterRegistry(), () -> { });
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        client.close();
        server.destroy();
    }
}
