package ist.spike.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import ist.spike.operator.model.SpikeCluster;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpNexusStatusSourceTest {
    private static final String NEXUS_STATUS = """
            {"state":"RESTORE_REQUIRED","backend":"sqlite","shamir":{"shares":3,"threshold":2},
             "keepers":[{"id":1,"url":"https://k1:8443","reachable":true,"holdsShard":true},
                        {"id":2,"url":"https://k2:8443","reachable":true,"holdsShard":false},
                        {"id":3,"url":"https://k3:8443","reachable":false,"holdsShard":true}],
             "restore":{"collected":1,"remaining":1},"badShards":[]}""";

    @Test
    void readsStateShardHoldersAndRestoreProgress() {
        NexusObservation seen = HttpNexusStatusSource.parse(NEXUS_STATUS.getBytes(StandardCharsets.UTF_8));

        assertThat(seen).isEqualTo(NexusObservation.reachable("RESTORE_REQUIRED", 2, 1, 1, 3, 2));
    }

    @Test
    void readsTheSharingGenerationAReshareAndTheRecoveryFiles() {
        String status = NEXUS_STATUS.replace("\"badShards\":[]}", "\"badShards\":[],\"sharing\":{\"generation\":2,"
                + "\"recoveryFiles\":\"stale\",\"recoveredAt\":\"2026-12-01T10:00:00Z\",\"escrow\":\"none\","
                + "\"pending\":{\"shares\":4,\"threshold\":3},\"problem\":null,\"rekeyedAt\":\"2026-12-02T10:00:00Z\","
                + "\"rekeying\":true}}");
        NexusObservation seen = HttpNexusStatusSource.parse(status.getBytes(StandardCharsets.UTF_8));

        assertThat(seen.sharing()).isEqualTo(new NexusObservation.Sharing(2, "stale", "2026-12-01T10:00:00Z", 4, 3, null,
                "2026-12-02T10:00:00Z", true, "none"));
        assertThat(HttpNexusStatusSource.parse(status.replace("\"escrow\":\"none\"", "\"escrow\":\"current\"")
                .getBytes(StandardCharsets.UTF_8)).sharing().escrowCurrent()).isTrue();
    }

    @Test
    void garbageIsAnObservationNotAnException() {
        assertThat(HttpNexusStatusSource.parse("not json".getBytes(StandardCharsets.UTF_8)).problem())
                .isEqualTo("Nexus /status is not JSON");
        assertThat(HttpNexusStatusSource.parse("{\"state\":7}".getBytes(StandardCharsets.UTF_8)).problem())
                .isEqualTo("Nexus /status has no state");
    }

    @Test
    void fillsTheUrlTemplateAndReadsOverHttp() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/spike/demo/status", exchange -> {
            byte[] body = NEXUS_STATUS.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HttpNexusStatusSource source = new HttpNexusStatusSource("http://127.0.0.1:"
                    + server.getAddress().getPort() + "/{namespace}/{name}/status", Duration.ofSeconds(2));

            assertThat(source.observe(cluster("spike", "demo")).state()).isEqualTo("RESTORE_REQUIRED");
            assertThat(source.observe(cluster("spike", "other")).problem()).endsWith("answered HTTP 404");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClosedPortIsUnreachable() {
        HttpNexusStatusSource source = new HttpNexusStatusSource("http://127.0.0.1:1/status", Duration.ofSeconds(1));

        assertThat(source.observe(cluster("spike", "demo")).problem()).isEqualTo("cannot connect to http://127.0.0.1:1/status");
    }

    @Test
    void theDefaultUrlIsTheNexusServiceHealthPort() {
        HttpNexusStatusSource source = new HttpNexusStatusSource(HttpNexusStatusSource.DEFAULT_URL_TEMPLATE,
                Duration.ofSeconds(1));

        assertThat(source.url(cluster("team-a", "vault")))
                .hasToString("http://vault-nexus.team-a.svc:8554/status");
    }

    private static SpikeCluster cluster(String namespace, String name) {
        SpikeCluster c = new SpikeCluster();
        c.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        return c;
    }
}
