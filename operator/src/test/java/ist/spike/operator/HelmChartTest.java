package ist.spike.operator;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import ist.spike.operator.model.SpikeCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lints and renders {@code helm/spike-operator} with Helm's own Go code, run in-process by helm-java:
 * no helm binary and no cluster. Rendered documents are read back with fabric8, so a manifest the
 * API server would reject as malformed fails here.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("../helm/spike-operator");
    private static final Path TEST_VALUES = Path.of("src/test/resources/helm");
    private static final String NAMESPACE = "spike-system";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static {
        SERIALIZATION.registerKubernetesResource(SpikeCluster.class);
    }

    @Test
    void lintPassesWithDefaultValues() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    }

    @Test
    void lintPassesWithEveryValueSetAwayFromItsDefault(@TempDir Path dir) throws IOException {
        // helm-java's lint takes no values file, so lint a copy of the chart whose values.yaml is the test file.
        Path chart = copyChart(dir);
        Files.copy(TEST_VALUES.resolve("production-values.yaml"), chart.resolve("values.yaml"), REPLACE_EXISTING);

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "replicaCount, many, /replicaCount",
            "image.pullPolicy, Sometimes, /image/pullPolicy",
            "nexusPollInterval, 5 seconds, /nexusPollInterval",
            "watchNamespaces[0], Team_A, /watchNamespaces/0",
            "cluster.spec.keepers.replica, 5, /cluster/spec/keepers",
            "cluster.spec.nexus.backend, postgres, /cluster/spec/nexus/backend",
            "replicas, 2, additional properties 'replicas' not allowed"})
    void templateRefusesValuesTheSchemaRejects(String key, String value, String complaint) {
        assertThatThrownBy(() -> render(t -> t.set(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(complaint);
    }

    @Test
    void templateRefusesTwoReplicasWithoutLeaderElection() {
        assertThatThrownBy(() -> render(t -> t.set("replicaCount", 2).set("leaderElection.enabled", false)))
                .hasMessageContaining("replicaCount > 1 needs leaderElection.enabled=true");
    }

    @Test
    void defaultInstallRunsOneLockedDownOperatorFromTheReleaseImage() {
        List<HasMetadata> docs = render(UnaryOperator.identity());
        Container operator = operatorContainer(docs);

        assertThat(only(docs, Deployment.class).getSpec().getReplicas()).isEqualTo(1);
        assertThat(operator.getImage()).isEqualTo("ghcr.io/spike-java/spike-operator:0.1.0");
        assertThat(operator.getPorts()).extracting("name", "containerPort").containsExactly(tuple("health", 8080));
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
        assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");

        var security = operator.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getRunAsUser()).isEqualTo(10001L);
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(operator.getVolumeMounts()).extracting("mountPath").containsExactly("/tmp");
        assertThat(operator.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void defaultEnvironmentIsWhatTheOperatorReadsAsAllNamespacesWithALeaseInTheReleaseNamespace() {
        Container operator = operatorContainer(render(UnaryOperator.identity()));
        assertThat(operator.getEnv()).extracting(EnvVar::getName).containsExactly("SPIKE_OPERATOR_NAMESPACES",
                "SPIKE_OPERATOR_HEALTH_PORT", "SPIKE_OPERATOR_LEADER_ELECTION", "SPIKE_OPERATOR_LEASE_NAME",
                "SPIKE_OPERATOR_LEASE_NAMESPACE", "SPIKE_OPERATOR_IDENTITY_NAMESPACES", "SPIKE_OPERATOR_HOST_PATHS",
                "SPIKE_OPERATOR_SERVER_SIDE_APPLY",
                "SPIKE_OPERATOR_NEXUS_POLL_INTERVAL");
        assertThat(operator.getEnv()).filteredOn(e -> e.getValueFrom() != null)
                .extracting(EnvVar::getName, e -> e.getValueFrom().getFieldRef().getFieldPath())
                .containsExactly(tuple("SPIKE_OPERATOR_LEASE_NAMESPACE", "metadata.namespace"));

        OperatorConfig config = OperatorConfig.fromEnvironment(environmentOf(operator));

        assertThat(config.namespaces()).isEmpty();
        assertThat(config.healthPort()).isEqualTo(8080);
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.leaseName()).isEqualTo("spike-operator");
        assertThat(config.leaseNamespace()).isEqualTo(NAMESPACE);
        assertThat(config.serverSideApply()).isTrue();
        assertThat(config.nexusPollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.hostPaths()).containsExactly("/run/spire/agent-sockets");
    }

    @Test
    void defaultInstallGrantsClusterWideReconcileRulesAndALeaseOnlyInTheReleaseNamespace() {
        List<HasMetadata> docs = render(UnaryOperator.identity());
        assertThat(only(docs, ServiceAccount.class).getMetadata().getName()).isEqualTo("spike-operator");

        List<PolicyRule> rules = only(docs, ClusterRole.class).getRules();
        // Server-side apply (the default): every write is a patch; the spec is never updated.
        assertThat(verbs(rules, "spike.ist", "spikeclusters")).containsExactly("list", "watch", "patch");
        assertThat(verbs(rules, "spike.ist", "spikeclusters/status")).containsExactly("patch");
        assertThat(verbs(rules, "apps", "statefulsets")).containsExactly("list", "watch", "patch");
        assertThat(verbs(rules, "spire.spiffe.io", "clusterspiffeids")).contains("create", "patch", "delete");
        assertThat(verbs(rules, "", "secrets")).as("the operator never reads key material").isEmpty();
        assertThat(verbs(rules, "coordination.k8s.io", "leases")).isEmpty();

        Role leaseRole = only(docs, Role.class);
        assertThat(leaseRole.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(verbs(leaseRole.getRules(), "coordination.k8s.io", "leases"))
                .as("fabric8 renews the Lease with a patch; JOSDK checks create, get and update before it campaigns")
                .containsExactlyInAnyOrder("create", "get", "update", "patch");
    }

    @Test
    void defaultInstallRendersNoSpikeCluster() {
        assertThat(render(UnaryOperator.identity())).noneMatch(SpikeCluster.class::isInstance);
    }

    @Test
    void clusterEnabledRendersASpikeClusterThatTheOperatorModelReads() {
        List<HasMetadata> docs = render(t -> t.set("cluster.enabled", true)
                .set("cluster.spec.keepers.replicas", 5).set("cluster.spec.keepers.threshold", 3));

        SpikeCluster cluster = only(docs, SpikeCluster.class);
        assertThat(cluster.getMetadata().getName()).isEqualTo("spike");
        assertThat(cluster.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(cluster.getSpec().getKeepers().getReplicas()).isEqualTo(5);
        assertThat(cluster.getSpec().getKeepers().getThreshold()).isEqualTo(3);
    }

    @Test
    void productionValuesUseTheirOwnServiceAccountExposeMetricsAndCreateTheirCluster() {
        List<HasMetadata> docs = render(t -> t.withValuesFile(TEST_VALUES.resolve("production-values.yaml")));

        assertThat(docs).noneMatch(ServiceAccount.class::isInstance);
        Deployment deployment = only(docs, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("spike-operator-external");
        assertThat(only(docs, Service.class).getSpec().getPorts()).extracting("name").containsExactly("health");
        assertThat(only(docs, SpikeCluster.class).getSpec().getNexus().getStorage().getSize()).isEqualTo("5Gi");

        OperatorConfig config = OperatorConfig.fromEnvironment(environmentOf(operatorContainer(docs)));
        assertThat(config.serverSideApply()).isFalse();
        assertThat(config.nexusPollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.nexusStatusUrl()).startsWith("https://{name}-nexus.{namespace}.svc");
        assertThat(config.identityNamespaces()).containsExactlyInAnyOrder("spike", "team-a");
        assertThat(config.hostPaths()).containsExactly("/run/spire/sockets");
    }

    @Test
    void watchedNamespacesGetRolesAndTheClusterRoleKeepsOnlyClusterScopedRules() {
        List<HasMetadata> docs = render(t -> t.withValuesFile(TEST_VALUES.resolve("watch-namespaces-values.yaml")));

        List<Role> reconcileRoles = ofType(docs, Role.class)
                .filter(role -> role.getMetadata().getName().equals("spike-operator"))
                .toList();
        assertThat(reconcileRoles).extracting(r -> r.getMetadata().getNamespace()).containsExactly("team-a", "team-b");
        assertThat(reconcileRoles).allSatisfy(r ->
                assertThat(verbs(r.getRules(), "apps", "statefulsets")).contains("patch"));
        assertThat(ofType(docs, RoleBinding.class).map(b -> b.getMetadata().getNamespace()))
                .contains("team-a", "team-b");

        List<PolicyRule> clusterRules = only(docs, ClusterRole.class).getRules();
        assertThat(verbs(clusterRules, "apps", "statefulsets")).isEmpty();
        assertThat(verbs(clusterRules, "spire.spiffe.io", "clusterspiffeids")).contains("create");
        assertThat(OperatorConfig.fromEnvironment(environmentOf(operatorContainer(docs))).namespaces())
                .containsExactlyInAnyOrder("team-a", "team-b");
    }

    @Test
    void withoutServerSideApplyChildrenAreCreatedAndUpdatedAndTheStatusReplaced() {
        List<PolicyRule> rules = only(render(t -> t.set("serverSideApply", false)), ClusterRole.class).getRules();

        assertThat(verbs(rules, "spike.ist", "spikeclusters")).containsExactly("get", "list", "watch", "patch");
        assertThat(verbs(rules, "spike.ist", "spikeclusters/status")).containsExactly("update");
        assertThat(verbs(rules, "apps", "statefulsets")).containsExactly("list", "watch", "create", "update");
    }

    @Test
    void chartCarriesTheGeneratedCrdByteForByte() throws IOException {
        String crd = "spikeclusters.spike.ist-v1.yml";

        assertThat(Files.readAllBytes(CHART.resolve("crds").resolve(crd)))
                .as("copy crds/%s into the chart after regenerating it", crd)
                .isEqualTo(Files.readAllBytes(Path.of("../crds").resolve(crd)));
    }

    /** Runs {@code helm template spike-operator helm/spike-operator -n spike-system} plus the given options. */
    static List<HasMetadata> render(UnaryOperator<TemplateCommand> options) {
        String rendered = options.apply(new Helm(CHART).template().withName("spike-operator").withNamespace(NAMESPACE))
                .call();
        return Arrays.stream(rendered.split("(?m)^---\\s*$"))
                .filter(doc -> doc.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#")))
                .map(doc -> SERIALIZATION.unmarshal(doc, HasMetadata.class))
                .toList();
    }

    private static <T> Stream<T> ofType(List<HasMetadata> docs, Class<T> type) {
        return docs.stream().filter(type::isInstance).map(type::cast);
    }

    private static <T> T only(List<HasMetadata> docs, Class<T> type) {
        List<T> matches = ofType(docs, type).toList();
        assertThat(matches).as("rendered %s", type.getSimpleName()).hasSize(1);
        return matches.get(0);
    }

    private static Container operatorContainer(List<HasMetadata> docs) {
        return only(docs, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The container's environment as the kubelet gives it, with the downward-API namespace resolved. */
    private static Map<String, String> environmentOf(Container container) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), variable.getValueFrom() == null ? variable.getValue() : NAMESPACE);
        }
        return env;
    }

    private static List<String> verbs(List<PolicyRule> rules, String apiGroup, String resource) {
        return rules.stream()
                .filter(rule -> rule.getApiGroups().contains(apiGroup) && rule.getResources().contains(resource))
                .flatMap(rule -> rule.getVerbs().stream())
                .toList();
    }

    private static Path copyChart(Path target) throws IOException {
        Path chart = target.resolve("spike-operator");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Files.copy(source, chart.resolve(CHART.relativize(source).toString()));
            }
        }
        return chart;
    }
}
