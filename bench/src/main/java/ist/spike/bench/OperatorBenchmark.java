package ist.spike.bench;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import ist.spike.operator.model.SpikeCluster;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * {@code spike-bench operator}: {@code bin/spike-operator} as a process against fabric8's mock API
 * server (CRUD mode, no server-side apply), with a fake Nexus {@code /status} whose state the
 * benchmark flips. Prints operator start to ready, SpikeCluster create to all children present, Nexus
 * state change to condition change (the poll interval bounds it) and the operator's RSS.
 */
final class OperatorBenchmark {
    private static final String NS = "bench";
    private static final int CLUSTERS = 20;
    private static final int FLIPS = 20;
    private static final String POLL = "1s";
    private static final List<String> CHILDREN = List.of("statefulsets/%s-keeper", "statefulsets/%s-nexus",
            "services/%s-keeper-headless", "services/%s-nexus", "poddisruptionbudgets/%s-keeper");

    private final Map<String, String> nexusState = new ConcurrentHashMap<>();

    private OperatorBenchmark() {
    }

    static void run() throws Exception {
        new OperatorBenchmark().measure();
    }

    private void measure() throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        HttpServer fakeNexus = fakeNexus();
        Path home = Files.createTempDirectory("spike-bench-operator");
        Process operator = null;
        try (KubernetesClient client = server.createClient()) {
            try (InputStream in = Files.newInputStream(LocalAgent.REPO.resolve("crds/spikeclusters.spike.ist-v1.yml"))) {
                client.resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
            }
            int healthPort = Measure.freePort();
            long t0 = System.nanoTime();
            operator = startOperator(home, server.getPort(), healthPort, fakeNexus.getAddress().getPort());
            Process op = operator;
            await("operator /readyz", 60_000, () -> op.isAlive() && ready(healthPort));
            System.out.println(String.format(Locale.ROOT, "%-58s %d ms", "operator start to /readyz (JVM start included)",
                    (System.nanoTime() - t0) / 1_000_000));

            long[] createMillis = new long[CLUSTERS];
            for (int i = 0; i < CLUSTERS; i++) {
                String name = "c" + i;
                nexusState.put(name, "READY");
                long start = System.nanoTime();
                client.resource(cluster(name)).create();
                await("children of " + name, 30_000, () -> CHILDREN.stream().allMatch(c -> exists(client, c, name)));
                createMillis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Measure.printMillis("SpikeCluster create to all 5 children present", createMillis);

            keepersReady(client, "c0");
            awaitCondition(client, "c0", "Ready", "True");
            long[] flipMillis = new long[FLIPS];
            java.util.Random random = new java.util.Random(42);
            for (int i = 0; i < FLIPS; i++) {
                boolean lose = i % 2 == 0;
                // Change the state at a random point of the poll cycle, as a real Nexus would.
                Thread.sleep(random.nextInt(1000));
                long start = System.nanoTime();
                nexusState.put("c0", lose ? "RESTORE_REQUIRED" : "READY");
                awaitCondition(client, "c0", "RecoveryRequired", lose ? "True" : "False");
                flipMillis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Measure.printMillis("Nexus state change to condition change (poll " + POLL + ")", flipMillis);
            System.out.println(String.format(Locale.ROOT, "%-58s %s", "operator RSS with " + CLUSTERS
                    + " SpikeClusters", Measure.procStatus(operator.pid(), "VmRSS")));
        } finally {
            if (operator != null) {
                operator.destroy();
                operator.waitFor();
            }
            fakeNexus.stop(0);
            server.destroy();
        }
    }

    private Process startOperator(Path home, int apiPort, int healthPort, int nexusPort) throws Exception {
        Path kubeconfig = home.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "http://localhost:%d"}}]
                users: [{name: bench, user: {token: bench}}]
                contexts: [{name: mock, context: {cluster: mock, user: bench, namespace: %s}}]
                current-context: mock
                """.formatted(apiPort, NS));
        ProcessBuilder pb = new ProcessBuilder(LocalAgent.REPO.resolve("bin/spike-operator").toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("operator.log").toFile());
        pb.environment().putAll(Map.of(
                "KUBECONFIG", kubeconfig.toString(),
                "SPIKE_OPERATOR_HEALTH_PORT", ":" + healthPort,
                "SPIKE_OPERATOR_SERVER_SIDE_APPLY", "false",
                // The mock server cannot answer the permission review JOSDK makes before leader election.
                "SPIKE_OPERATOR_LEADER_ELECTION", "false",
                "SPIKE_OPERATOR_NEXUS_STATUS_URL", "http://127.0.0.1:" + nexusPort + "/{namespace}/{name}/status",
                "SPIKE_OPERATOR_NEXUS_POLL_INTERVAL", POLL));
        return pb.start();
    }

    /** Nexus {@code /status} as Nexus writes it, with the state the benchmark chose for that cluster. */
    private HttpServer fakeNexus() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String state = parts.length > 2 ? nexusState.getOrDefault(parts[2], "INITIALIZING") : "INITIALIZING";
            boolean ready = state.equals("READY");
            byte[] body = ("{\"state\":\"" + state + "\",\"keepers\":[" + String.join(",",
                    java.util.Collections.nCopies(3, "{\"holdsShard\":" + ready + "}")) + "],"
                    + "\"restore\":{\"collected\":0,\"remaining\":" + (ready ? 0 : 2) + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static SpikeCluster cluster(String name) {
        SpikeCluster c = new SpikeCluster();
        c.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
        return c;
    }

    private static boolean exists(KubernetesClient client, String template, String name) {
        String[] kindAndName = template.formatted(name).split("/");
        return switch (kindAndName[0]) {
            case "statefulsets" -> client.apps().statefulSets().inNamespace(NS).withName(kindAndName[1]).get() != null;
            case "services" -> client.services().inNamespace(NS).withName(kindAndName[1]).get() != null;
            default -> client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(kindAndName[1]).get() != null;
        };
    }

    private static void keepersReady(KubernetesClient client, String name) {
        StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName(name + "-keeper").get();
        sts.setStatus(new StatefulSetStatusBuilder().withReplicas(3).withReadyReplicas(3).build());
        client.apps().statefulSets().inNamespace(NS).resource(sts).updateStatus();
    }

    private static void awaitCondition(KubernetesClient client, String name, String type, String status)
            throws InterruptedException {
        await(type + "=" + status, 30_000, () -> {
            SpikeCluster c = client.resources(SpikeCluster.class).inNamespace(NS).withName(name).get();
            return c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
                    .filter(x -> type.equals(x.getType())).map(Condition::getStatus).anyMatch(status::equals);
        });
    }

    private static boolean ready(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/readyz")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }


}
