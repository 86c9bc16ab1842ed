package ist.spike.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import ist.spike.operator.api.ApiRequest;
import ist.spike.operator.api.CrdSchema;
import ist.spike.operator.api.OperatorRequestLog;
import ist.spike.operator.api.OperatorRequestLog.Mode;
import ist.spike.operator.model.SpikeCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC against every request the operators of this JVM's ITs sent (this class runs last:
 * see {@code junit-platform.properties}), plus a scenario of its own in each RBAC and apply mode,
 * with leader election on: create, register identities, scale, change the trust domain, status
 * changes, Lease renewals, delete. Each request must be granted by the rules the chart renders for
 * the operator's settings (Kubernetes' RBAC evaluation: group, resource/subresource, verb, namespace,
 * resourceNames), no rule may use a wildcard, and a rule no request exercised fails too, so the
 * chart grants what the operator does and nothing more.
 */
@Order(Integer.MAX_VALUE)
class RbacCoverageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SERVICE_ACCOUNT = "spike-operator";
    /**
     * Rules the chart needs though the operator sends no request for them, each with its reason; the
     * test still checks that the reason holds.
     */
    private static final Map<String, String> NEEDED_WITHOUT_A_REQUEST = Map.of(
            "update coordination.k8s.io/leases",
            "JOSDK checks create, get and update on leases (SelfSubjectRulesReview) before it campaigns");
    /** Non-resource URLs Kubernetes' default {@code system:discovery} role grants every authenticated user. */
    private static final List<String> DISCOVERY = List.of("/api", "/apis", "/version", "/openapi");

    @Test
    void everyRequestIsGrantedByTheChartsRbacAndEveryRuleIsUsed() throws Exception {
        for (boolean serverSideApply : new boolean[] {true, false}) {
            scenario(Set.of(), "spike", serverSideApply);
            scenario(Set.of("team-a"), "team-a", serverSideApply);
        }
        Map<Mode, List<ApiRequest>> byMode = new LinkedHashMap<>();
        for (OperatorRequestLog.Entry e : OperatorRequestLog.entries()) {
            byMode.computeIfAbsent(e.mode(), m -> new ArrayList<>()).add(e.request());
        }

        Set<String> refused = new TreeSet<>();
        Set<String> unused = new TreeSet<>();
        for (Map.Entry<Mode, List<ApiRequest>> mode : byMode.entrySet()) {
            List<Grant> grants = grants(mode.getKey());
            Set<Grant.Use> used = new java.util.HashSet<>();
            for (ApiRequest request : new java.util.LinkedHashSet<>(mode.getValue())) {
                if (!request.isResourceRequest()) {
                    if (!request.verb().equals("get") || DISCOVERY.stream().noneMatch(request.path()::startsWith)) {
                        refused.add(mode.getKey() + ": " + request);
                    }
                } else if (isSelfReview(request)) {
                    continue; // granted to every authenticated user by the default system:basic-user role
                } else {
                    List<Grant.Use> uses = grants.stream().flatMap(g -> g.uses(request).stream()).toList();
                    if (uses.isEmpty()) {
                        refused.add(mode.getKey() + ": " + request);
                    }
                    used.addAll(uses);
                }
            }
            for (Grant grant : grants) {
                grant.unused(used).stream()
                        .filter(u -> !NEEDED_WITHOUT_A_REQUEST.containsKey(u.verb() + " " + u.groupResource()))
                        .forEach(u -> unused.add(mode.getKey() + ": " + u));
            }
        }
        System.out.printf("RBAC coverage: %d modes, %d requests checked%n", byMode.size(),
                byMode.values().stream().mapToInt(List::size).sum());
        unused.forEach(u -> System.out.println("RBAC coverage: not exercised: " + u));

        assertThat(byMode.keySet()).as("modes seen").hasSizeGreaterThanOrEqualTo(4);
        assertThat(refused).as("requests the chart's RBAC would refuse").isEmpty();
        assertThat(unused).as("rules no request needed").isEmpty();
    }

    private static boolean isSelfReview(ApiRequest request) {
        return request.group().equals("authorization.k8s.io") && request.verb().equals("create")
                && request.resource().startsWith("selfsubject");
    }

    /** One operator run through a cluster's whole life in one RBAC and apply mode. */
    private static void scenario(Set<String> namespaces, String ns, boolean serverSideApply) throws Exception {
        try (MockKubernetes k8s = new MockKubernetes()) {
            k8s.install(MockKubernetes.SPIRE_CRD);
            OperatorConfig production = MockKubernetes.withServerSideApply(
                    MockKubernetes.productionConfig(Duration.ofMillis(100)), serverSideApply);
            OperatorConfig config = new OperatorConfig(namespaces, 0, true, production.leaseName(),
                    production.leaseNamespace(), serverSideApply, production.nexusStatusUrl(),
                    production.nexusPollInterval(), production.identityNamespaces(), production.hostPaths());
            k8s.newOperator(config, k8s.nexus).start();
            var client = k8s.client;
            SpikeCluster cluster = SpikeClusters.named(ns, "demo");
            cluster.getSpec().getSpire().setRegisterIdentities(true);
            client.resource(cluster).create();
            await().atMost(WAIT).until(() -> client.apps().statefulSets().inNamespace(ns).withName("demo-keeper").get() != null
                    && client.genericKubernetesResources("spire.spiffe.io/v1alpha1", "ClusterSPIFFEID").list()
                    .getItems().size() == 2);

            // A changed spec: the children and the identities follow (identities are edited in place).
            SpikeClusters.editSpec(client, ns, "demo", spec -> {
                spec.getKeepers().setReplicas(5);
                spec.getKeepers().setThreshold(3);
                spec.setTrustDomain("example.org");
            });
            await().atMost(WAIT).until(() -> client.genericKubernetesResources("spire.spiffe.io/v1alpha1",
                    "ClusterSPIFFEID").list().getItems().stream()
                    .allMatch(i -> String.valueOf(i.getAdditionalProperties().get("spec")).contains("example.org")));
            // A Service changed behind the operator's back is put back (an update, without server-side
            // apply; the mock keeps no managedFields, so an apply never sees a difference here).
            Conflicts.retry(() -> client.services().inNamespace(ns).withName("demo-nexus").edit(s -> {
                s.getSpec().getPorts().get(0).setPort(9999);
                return s;
            }));
            if (!serverSideApply) {
                await().atMost(WAIT).until(() -> client.services().inNamespace(ns).withName("demo-nexus").get()
                        .getSpec().getPorts().get(0).getPort() != 9999);
            }
            // A request the API server refuses: Ready=False, ReconcileFailed (the error path's status write).
            k8s.refuse(r -> "customresourcedefinitions".equals(r.resource()));
            SpikeClusters.editSpec(client, ns, "demo", spec -> spec.getKeepers().setThreshold(2));
            await().atMost(WAIT).until(() -> reason(client, ns).equals("ReconcileFailed"));
            k8s.refuse(r -> false);
            await().atMost(WAIT).until(() -> !reason(client, ns).equals("ReconcileFailed"));
            Conflicts.retry(() -> {
                StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName("demo-keeper").get();
                sts.setStatus(new StatefulSetStatusBuilder().withReplicas(3).withReadyReplicas(3).build());
                client.apps().statefulSets().inNamespace(ns).resource(sts).updateStatus();
            });
            StatefulSet keepers = client.apps().statefulSets().inNamespace(ns).withName("demo-keeper").get();
            k8s.nexus.state("demo", "READY", 3, 0, 2);
            await().atMost(WAIT).until(() -> {
                SpikeCluster c = client.resources(SpikeCluster.class).inNamespace(ns).withName("demo").get();
                return c.getStatus() != null && "READY".equals(c.getStatus().getState());
            });
            // The cluster's Pilot: its Deployment and identity, a role switch (the identity patched), role
            // none (the identity deleted), disabled (the Deployment deleted).
            SpikeClusters.editSpec(client, ns, "demo", spec -> {
                spec.getPilot().setEnabled(true);
                spec.getPilot().setRole("recover");
            });
            await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace(ns).withName("demo-pilot").get() != null
                    && String.valueOf(pilotIdentity(client, ns)).contains("/role/recover/"));
            SpikeClusters.editSpec(client, ns, "demo", spec -> {
                spec.getPilot().setRole("restore");
                spec.getPilot().setImage("registry.local/pilot:2");
            });
            await().atMost(WAIT).until(() -> String.valueOf(pilotIdentity(client, ns)).contains("/role/restore/"));
            if (!serverSideApply) {
                await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace(ns).withName("demo-pilot").get()
                        .getSpec().getTemplate().getSpec().getContainers().get(0).getImage().equals("registry.local/pilot:2"));
            }
            SpikeClusters.editSpec(client, ns, "demo", spec -> spec.getPilot().setRole("none"));
            await().atMost(WAIT).until(() -> pilotIdentity(client, ns) == null);
            SpikeClusters.editSpec(client, ns, "demo", spec -> spec.getPilot().setEnabled(false));
            await().atMost(WAIT).until(() -> client.apps().deployments().inNamespace(ns).withName("demo-pilot").get() == null);
            awaitLeaseRenewal(k8s);
            // The chart grants no update on spikeclusters/finalizers, which the API server's
            // OwnerReferencesPermissionEnforcement admission would ask for if children set blockOwnerDeletion.
            assertThat(keepers.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getBlockOwnerDeletion()).isNotEqualTo(Boolean.TRUE));
            validateAgainstSchemas(k8s);

            client.resources(SpikeCluster.class).inNamespace(ns).withName("demo").delete();
            await().atMost(WAIT).until(() ->
                    client.resources(SpikeCluster.class).inNamespace(ns).withName("demo").get() == null);
        }
    }

    private static Object pilotIdentity(io.fabric8.kubernetes.client.KubernetesClient client, String ns) {
        var identity = client.genericKubernetesResources("spire.spiffe.io/v1alpha1", "ClusterSPIFFEID")
                .withName(ns + ".demo.pilot").get();
        return identity == null ? null : identity.getAdditionalProperties().get("spec");
    }

    private static String reason(io.fabric8.kubernetes.client.KubernetesClient client, String ns) {
        SpikeCluster c = client.resources(SpikeCluster.class).inNamespace(ns).withName("demo").get();
        return c.getStatus() == null ? "" : c.getStatus().getConditions().stream()
                .filter(x -> x.getType().equals("Ready")).map(x -> x.getReason()).findFirst().orElse("");
    }

    /** The Lease holder renews: the request fabric8's LeaderElector renews with must be granted too. */
    private static void awaitLeaseRenewal(MockKubernetes k8s) {
        var lease = k8s.client.leases().inNamespace(MockKubernetes.LEASE_NAMESPACE).withName("spike-operator");
        await().atMost(WAIT).until(() -> lease.get() != null);
        String first = lease.get().getSpec().getRenewTime().toString();
        await().atMost(WAIT).until(() -> {
            Lease now = lease.get();
            return !now.getSpec().getRenewTime().toString().equals(first);
        });
    }

    /** What the operator wrote is valid for the CRDs' schemas (the mock validates nothing). */
    private static void validateAgainstSchemas(MockKubernetes k8s) throws Exception {
        CrdSchema spire = CrdSchema.load(MockKubernetes.SPIRE_CRD);
        CrdSchema spike = CrdSchema.load(MockKubernetes.CRD);
        var serialization = k8s.client.getKubernetesSerialization();
        for (ApiRequest r : k8s.operatorRequests()) {
            boolean wholeObject = r.verb().equals("create") || r.verb().equals("update")
                    || String.valueOf(r.contentType()).startsWith("application/apply-patch");
            if (wholeObject && "clusterspiffeids".equals(r.resource())) {
                assertThat(spire.problems(r.body())).as("%s", r).isEmpty();
            }
            if (wholeObject && "spikeclusters".equals(r.resource())) {
                assertThat(spike.problems(r.body())).as("%s", r).isEmpty();
            }
        }
        // The objects as stored (the mock adds "status": null to every object of a CRD with a status
        // subresource; the API server drops a null it does not allow, so only the spec is checked here).
        for (var identity : k8s.client.genericKubernetesResources("spire.spiffe.io/v1alpha1", "ClusterSPIFFEID")
                .list().getItems()) {
            assertThat(spire.problems(serialization.asJson(withoutNullStatus(identity)))).isEmpty();
        }
        for (var cluster : k8s.client.genericKubernetesResources("spike.ist/v1alpha1", "SpikeCluster").inAnyNamespace()
                .list().getItems()) {
            assertThat(spike.problems(serialization.asJson(cluster))).isEmpty();
        }
    }

    private static io.fabric8.kubernetes.api.model.GenericKubernetesResource withoutNullStatus(
            io.fabric8.kubernetes.api.model.GenericKubernetesResource r) {
        if (r.getAdditionalProperties().get("status") == null) {
            r.getAdditionalProperties().remove("status");
        }
        return r;
    }

    /** The rules the chart renders for an operator run with these settings, bound to its ServiceAccount. */
    private static List<Grant> grants(Mode mode) {
        List<HasMetadata> docs = HelmChartTest.render(t -> {
            t.set("serverSideApply", mode.serverSideApply()).set("leaderElection.enabled", true);
            int i = 0;
            for (String ns : new TreeSet<>(mode.namespaces())) {
                t.set("watchNamespaces[" + i++ + "]", ns);
            }
            return t;
        });
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata doc : docs) {
            if (doc instanceof ClusterRole role && boundCluster(docs, role.getMetadata().getName())) {
                role.getRules().forEach(rule -> grants.add(Grant.of("ClusterRole " + role.getMetadata().getName(), null, rule)));
            }
            if (doc instanceof Role role && boundInNamespace(docs, role)) {
                role.getRules().forEach(rule -> grants.add(Grant.of("Role " + role.getMetadata().getNamespace() + "/"
                        + role.getMetadata().getName(), role.getMetadata().getNamespace(), rule)));
            }
        }
        return grants;
    }

    private static boolean boundCluster(List<HasMetadata> docs, String role) {
        return docs.stream().filter(ClusterRoleBinding.class::isInstance).map(ClusterRoleBinding.class::cast)
                .anyMatch(b -> b.getRoleRef().getName().equals(role) && toOperator(b.getSubjects()));
    }

    private static boolean boundInNamespace(List<HasMetadata> docs, Role role) {
        return docs.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .anyMatch(b -> b.getMetadata().getNamespace().equals(role.getMetadata().getNamespace())
                        && b.getRoleRef().getKind().equals("Role")
                        && b.getRoleRef().getName().equals(role.getMetadata().getName()) && toOperator(b.getSubjects()));
    }

    private static boolean toOperator(List<Subject> subjects) {
        return subjects.stream().anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(SERVICE_ACCOUNT)
                && s.getNamespace().equals(MockKubernetes.LEASE_NAMESPACE));
    }

    /** One rendered rule, with where it applies (null: every namespace and cluster scope). */
    private record Grant(String source, String namespace, PolicyRule rule) {
        /** One verb on one resource, as granted by one rule: the unit of "exercised". */
        record Use(String source, String group, String resource, String verb) {
            String groupResource() {
                return (group.isEmpty() ? "core" : group) + "/" + resource;
            }

            @Override
            public String toString() {
                return source + ": " + verb + " " + groupResource();
            }
        }

        static Grant of(String source, String namespace, PolicyRule rule) {
            for (List<String> field : List.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())) {
                assertThat(field).as("%s: a wildcard in %s", source, rule).doesNotContain("*");
            }
            return new Grant(source, namespace, rule);
        }

        /** The verbs of this rule the request uses; empty when the rule does not grant it. */
        List<Use> uses(ApiRequest r) {
            boolean grants = (namespace == null || namespace.equals(r.namespace()))
                    && rule.getApiGroups().contains(r.group())
                    && rule.getResources().contains(r.rbacResource())
                    && rule.getVerbs().contains(r.verb())
                    && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                        || (r.name() != null && rule.getResourceNames().contains(r.name())));
            return grants ? List.of(new Use(source, r.group(), r.rbacResource(), r.verb())) : List.of();
        }

        List<Use> unused(Set<Use> used) {
            List<Use> out = new ArrayList<>();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        Use use = new Use(source, group, resource, verb);
                        if (!used.contains(use)) {
                            out.add(use);
                        }
                    }
                }
            }
            return out;
        }
    }
}
