package ist.spike.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import ist.spike.operator.api.ApiRequest;
import ist.spike.operator.api.CrdSchema;
import ist.spike.operator.model.PilotStatus;
import ist.spike.operator.model.SpikeCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's Pilot (DESIGN section 7, issue 12) on the mock API server: its Deployment, its
 * ClusterSPIFFEID following the role in force, role switches by spec, the reset after
 * {@code roleResetAfter} (also across an operator restart), {@code none}, disabling, and an invalid
 * role; the spec is never written while any of it happens.
 */
class PilotIT {
    private static final String NS = "spike";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private MockKubernetes k8s;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        k8s = new MockKubernetes();
        k8s.install(MockKubernetes.SPIRE_CRD);
        k8s.startOperator(Duration.ofMillis(100));
        client = k8s.client;
    }

    @AfterEach
    void stop() {
        k8s.close();
    }

    @Test
    void roleSwitchesPatchThePilotsIdentityAndNeverItsPod() throws Exception {
        create(spec -> {
            spec.getPilot().setEnabled(true);
        });
        await().atMost(WAIT).until(() -> deployment() != null && pilotIdentity() != null);
        assertThat(template(pilotIdentity())).isEqualTo("spiffe://spike.ist/spike/pilot/role/superuser/spike/demo");
        assertThat(CrdSchema.load(MockKubernetes.SPIRE_CRD).problems(
                client.getKubernetesSerialization().asJson(withoutStatus(pilotIdentity())))).isEmpty();
        await().atMost(WAIT).until(() -> pilot() != null && "superuser".equals(pilot().getRole()));
        assertThat(pilot().getExpiresAt()).isNull();
        assertThat(pilot().getMessage()).contains("kubectl exec -n spike deploy/demo-pilot -- spike secret list");
        String podTemplate = JSON.writeValueAsString(deployment().getSpec().getTemplate());

        SpikeClusters.editSpec(client, NS, "demo", spec -> spec.getPilot().setRole("restore"));

        await().atMost(WAIT).until(() -> template(pilotIdentity()).equals(
                "spiffe://spike.ist/spike/pilot/role/restore/spike/demo"));
        await().atMost(WAIT).until(() -> "restore".equals(pilot().getRole()));
        PilotStatus restore = pilot();
        assertThat(Duration.between(Instant.parse(restore.getGrantedAt()), Instant.parse(restore.getExpiresAt())))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(restore.getMessage()).contains("until " + restore.getExpiresAt())
                .contains("kubectl exec -i -n spike deploy/demo-pilot -- spike restore < spike.recovery.<id>.txt");
        assertThat(JSON.writeValueAsString(deployment().getSpec().getTemplate()))
                .as("a role switch restarts nothing").isEqualTo(podTemplate);
        assertThat(k8s.operatorRequests()).as("the identity is edited in place")
                .anyMatch(r -> r.verb().equals("patch") && "clusterspiffeids".equals(r.resource())
                        && r.body().contains("/role/restore/"));
        await().atMost(WAIT).until(() -> events().contains("PilotRoleChanged"));
        assertThat(eventMessages()).anyMatch(m -> m.startsWith("Pilot role superuser -> restore until "));

        SpikeClusters.editSpec(client, NS, "demo", spec -> spec.getPilot().setRole("none"));
        await().atMost(WAIT).until(() -> pilotIdentity() == null && "none".equals(pilot().getRole()));
        assertThat(deployment()).as("the pod stays, without an SVID").isNotNull();
        assertThat(identities()).hasSize(2);

        SpikeClusters.editSpec(client, NS, "demo", spec -> spec.getPilot().setEnabled(false));
        await().atMost(WAIT).until(() -> deployment() == null && status().getPilot() == null);
        assertThat(identities()).extracting(i -> i.getMetadata().getName())
                .containsExactlyInAnyOrder("spike.demo.nexus", "spike.demo.keeper");
        await().atMost(WAIT).until(() -> events().contains("PilotRemoved"));
        assertNoSpecWritten();
    }

    @Test
    void aRestoreRoleRunsOutEvenWhileNoOperatorRunsAndIsNotGrantedAgainByTheSameSpec() {
        create(spec -> {
            spec.getPilot().setEnabled(true);
            spec.getPilot().setRole("restore");
            spec.getPilot().setRoleResetAfter("3s");
        });
        await().atMost(WAIT).until(() -> pilotIdentity() != null && template(pilotIdentity()).contains("/role/restore/"));
        await().atMost(WAIT).until(() -> pilot() != null && "restore".equals(pilot().getRole()));
        Instant expires = Instant.parse(pilot().getExpiresAt());

        k8s.stopOperators();
        await().atMost(WAIT).until(() -> Instant.now().isAfter(expires.plusSeconds(1)));
        assertThat(template(pilotIdentity())).as("no operator, nothing changed yet").contains("/role/restore/");
        k8s.startOperator(Duration.ofMillis(100));

        await().atMost(WAIT).until(() -> template(pilotIdentity()).contains("/role/superuser/"));
        await().atMost(WAIT).until(() -> "superuser".equals(pilot().getRole()));
        assertThat(pilot().getRequestedRole()).isEqualTo("restore");
        assertThat(pilot().getMessage()).contains("The restore role ran out at " + expires)
                .contains("spec.pilot.role still says restore");
        await().atMost(WAIT).until(() -> events().contains("PilotRoleExpired"));
        assertThat(spec().getPilot().getRole()).as("the reset is the status's, never the spec's").isEqualTo("restore");

        // Another change of the spec (a GitOps tool re-applying it with something else) grants nothing.
        SpikeClusters.editSpec(client, NS, "demo", spec -> spec.getKeepers().setImage("registry.local/keeper:2"));
        await().atMost(WAIT).until(() -> status().getObservedGeneration() == 2L);
        assertThat(template(pilotIdentity())).contains("/role/superuser/");
        assertThat(pilot().getRole()).isEqualTo("superuser");

        // A new change of spec.pilot.role grants again.
        SpikeClusters.editSpec(client, NS, "demo", spec -> spec.getPilot().setRole("superuser"));
        await().atMost(WAIT).until(() -> "superuser".equals(pilot().getRequestedRole()));
        SpikeClusters.editSpec(client, NS, "demo", spec -> spec.getPilot().setRole("recover"));
        await().atMost(WAIT).until(() -> template(pilotIdentity()).contains("/role/recover/"));
        assertNoSpecWritten();
    }

    @Test
    void aGrantRunsOutEvenWhileEveryReconcileFails() {
        create(spec -> spec.getPilot().setEnabled(true));
        await().atMost(WAIT).until(() -> pilotIdentity() != null && pilot() != null);
        // From now on the API server refuses every StatefulSet write, and the spec changes one.
        k8s.refuse(r -> "statefulsets".equals(r.resource()) && !List.of("get", "list", "watch").contains(r.verb()));
        SpikeClusters.editSpec(client, NS, "demo", spec -> {
            spec.getPilot().setRole("recover");
            spec.getPilot().setRoleResetAfter("3s");
            spec.getKeepers().setImage("registry.local/keeper:2");
        });

        await().atMost(WAIT).until(() -> template(pilotIdentity()).contains("/role/recover/"));
        await().atMost(WAIT).until(() -> "ReconcileFailed".equals(ready().getReason()));
        assertThat(pilot().getRole()).as("the grant is in the error status").isEqualTo("recover");
        await().atMost(Duration.ofSeconds(30)).until(() -> template(pilotIdentity()).contains("/role/superuser/"));
        // The identity is patched first, the (error) status written after it.
        await().atMost(WAIT).until(() -> "superuser".equals(pilot().getRole()));
        k8s.refuse(r -> false);
    }

    @Test
    void aRoleTheSchemaWouldRefuseIsInvalidSpecAndTheRoleInForceStays() {
        create(spec -> spec.getPilot().setEnabled(true));
        await().atMost(WAIT).until(() -> pilot() != null && pilotIdentity() != null);

        // The mock validates nothing: what an object stored before a schema change could hold.
        SpikeClusters.editSpec(client, NS, "demo", spec -> {
            spec.getPilot().setRole("admin");
            spec.getPilot().setRoleResetAfter("forever");
        });

        await().atMost(WAIT).until(() -> "InvalidSpec".equals(ready().getReason()));
        assertThat(ready().getMessage()).contains("pilot.role must be superuser, recover, restore or none, got 'admin'")
                .contains("pilot.roleResetAfter must be a duration such as 15m");
        assertThat(template(pilotIdentity())).contains("/role/superuser/");
        assertThat(deployment()).isNotNull();
    }

    @Test
    void withoutIdentityRegistrationTheStatusSaysWhichEntryToChangeByHand() {
        SpikeCluster cluster = SpikeClusters.named(NS, "demo");
        cluster.getSpec().getPilot().setEnabled(true);
        cluster.getSpec().getPilot().setRole("recover");
        client.resource(cluster).create();

        await().atMost(WAIT).until(() -> pilot() != null && deployment() != null);
        assertThat(pilot().getRole()).isEqualTo("recover");
        assertThat(pilot().getMessage()).contains("spec.spire.registerIdentities is false")
                .contains("app.kubernetes.io/instance=demo,app.kubernetes.io/component=pilot in namespace spike")
                .contains("spiffe://spike.ist/spike/pilot/role/recover/spike/demo");
        assertThat(identities()).isEmpty();
    }

    private void create(java.util.function.Consumer<ist.spike.operator.model.SpikeClusterSpec> change) {
        SpikeCluster cluster = SpikeClusters.named(NS, "demo");
        cluster.getSpec().getSpire().setRegisterIdentities(true);
        change.accept(cluster.getSpec());
        client.resource(cluster).create();
    }

    /** No write of the operator to the SpikeCluster carries a spec (issue 6's rule). */
    private void assertNoSpecWritten() {
        List<ApiRequest> writes = k8s.operatorRequests().stream()
                .filter(r -> "spikeclusters".equals(r.resource()))
                .filter(r -> !List.of("get", "list", "watch").contains(r.verb()))
                .toList();
        assertThat(writes).isNotEmpty().allSatisfy(r -> {
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.findValue("spec")).as("%s sent %s", r, r.body()).isNull();
        });
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName("demo-pilot").get();
    }

    private List<GenericKubernetesResource> identities() {
        return client.genericKubernetesResources("spire.spiffe.io/v1alpha1", "ClusterSPIFFEID").list().getItems();
    }

    private GenericKubernetesResource pilotIdentity() {
        return client.genericKubernetesResources("spire.spiffe.io/v1alpha1", "ClusterSPIFFEID")
                .withName("spike.demo.pilot").get();
    }

    @SuppressWarnings("unchecked")
    private static String template(GenericKubernetesResource identity) {
        return identity == null ? "" : String.valueOf(((Map<String, Object>) identity.getAdditionalProperties().get("spec"))
                .get("spiffeIDTemplate"));
    }

    private static GenericKubernetesResource withoutStatus(GenericKubernetesResource r) {
        r.getAdditionalProperties().remove("status");
        return r;
    }

    private SpikeCluster cluster() {
        return client.resources(SpikeCluster.class).inNamespace(NS).withName("demo").get();
    }

    private ist.spike.operator.model.SpikeClusterSpec spec() {
        return cluster().getSpec();
    }

    private ist.spike.operator.model.SpikeClusterStatus status() {
        return cluster().getStatus();
    }

    private PilotStatus pilot() {
        return status() == null ? null : status().getPilot();
    }

    private Condition ready() {
        return status() == null ? new Condition() : status().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).findFirst().orElse(new Condition());
    }

    private List<String> events() {
        return client.v1().events().inNamespace(NS).list().getItems().stream().map(Event::getReason).toList();
    }

    private List<String> eventMessages() {
        return client.v1().events().inNamespace(NS).list().getItems().stream().map(Event::getMessage).toList();
    }
}
