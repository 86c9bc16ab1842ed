package ist.spike.operator.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import ist.spike.operator.model.NexusSpec;
import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.model.SpikeClusterSpec;
import ist.spike.operator.model.SpiffeSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Desired objects are pure functions of the spec: checked here without any Kubernetes client. */
class ManifestsTest {
    private final SpikeCluster cluster = cluster("team-a", "vault");

    @Test
    void keeperStatefulSetRunsOnePodPerShareInParallelSpreadAcrossNodes() {
        StatefulSet sts = KeeperManifests.statefulSet(cluster);

        assertThat(sts.getMetadata().getName()).isEqualTo("vault-keeper");
        assertThat(sts.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        assertThat(sts.getSpec().getServiceName()).isEqualTo("vault-keeper-headless");
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        assertThat(pod.getTopologySpreadConstraints()).singleElement()
                .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        assertThat(sts.getSpec().getSelector().getMatchLabels())
                .isEqualTo(sts.getSpec().getTemplate().getMetadata().getLabels().entrySet().stream()
                        .filter(e -> !e.getKey().equals(Labels.MANAGED_BY))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        Container keeper = pod.getContainers().get(0);
        assertThat(keeper.getImage()).isEqualTo("ghcr.io/spike-java/spike-keeper:0.1.0");
        assertThat(env(keeper, "SPIKE_KEEPER_TLS_PORT")).isEqualTo(":8443");
        assertThat(env(keeper, "SPIKE_TRUST_ROOT_NEXUS")).isEqualTo("spike.ist");
        assertThat(keeper.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8444);
    }

    @Test
    void everyPodIsLockedDown() {
        for (PodSpec pod : List.of(KeeperManifests.statefulSet(cluster).getSpec().getTemplate().getSpec(),
                NexusManifests.statefulSet(cluster).getSpec().getTemplate().getSpec(),
                PilotManifests.deployment(cluster).getSpec().getTemplate().getSpec())) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            Container c = pod.getContainers().get(0);
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        }
    }

    @Test
    void nexusListsKeepersInPodOrderWithShamirSettingsAndAVolume() {
        cluster.getSpec().getKeepers().setReplicas(4);
        cluster.getSpec().getKeepers().setThreshold(3);
        cluster.getSpec().getNexus().getStorage().setSize("5Gi");
        cluster.getSpec().getNexus().getStorage().setStorageClassName("fast");
        cluster.getSpec().setTrustDomain("example.org");

        StatefulSet sts = NexusManifests.statefulSet(cluster);

        assertThat(sts.getMetadata().getName()).isEqualTo("vault-nexus");
        assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
        Container nexus = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(nexus, "SPIKE_NEXUS_KEEPER_PEERS").split(",")).containsExactly(
                "https://vault-keeper-0.vault-keeper-headless.team-a.svc:8443",
                "https://vault-keeper-1.vault-keeper-headless.team-a.svc:8443",
                "https://vault-keeper-2.vault-keeper-headless.team-a.svc:8443",
                "https://vault-keeper-3.vault-keeper-headless.team-a.svc:8443");
        assertThat(env(nexus, "SPIKE_NEXUS_SHAMIR_SHARES")).isEqualTo("4");
        assertThat(env(nexus, "SPIKE_NEXUS_SHAMIR_THRESHOLD")).isEqualTo("3");
        assertThat(env(nexus, "SPIKE_NEXUS_BACKEND_STORE")).isEqualTo("sqlite");
        assertThat(env(nexus, "SPIKE_NEXUS_DATA_DIR")).isEqualTo("/var/lib/spike");
        assertThat(env(nexus, "SPIKE_TRUST_ROOT_PILOT")).isEqualTo("example.org");
        var claim = sts.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("5Gi"));
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
        assertThat(nexus.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/spike"));
    }

    @Test
    void servicesPublishPodsBeforeTheyAreReady() {
        Service headless = KeeperManifests.headlessService(cluster);
        Service nexus = NexusManifests.service(cluster);

        assertThat(headless.getMetadata().getName()).isEqualTo("vault-keeper-headless");
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(nexus.getMetadata().getName()).isEqualTo("vault-nexus");
        assertThat(nexus.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(nexus.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(8553, 8554);
    }

    @Test
    void disruptionBudgetKeepsThresholdKeepers() {
        cluster.getSpec().getKeepers().setThreshold(3);
        cluster.getSpec().getKeepers().setReplicas(5);

        var pdb = KeeperManifests.disruptionBudget(cluster);

        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(3);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry(Labels.COMPONENT, "keeper");
    }

    @Test
    void workloadSocketComesFromTheCsiDriverOrAHostPath() {
        Container nexus = NexusManifests.statefulSet(cluster).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(nexus, "SPIFFE_ENDPOINT_SOCKET")).isEqualTo("unix:///spiffe-workload-api/spire-agent.sock");
        assertThat(volume(NexusManifests.statefulSet(cluster)).getCsi().getDriver()).isEqualTo("csi.spiffe.io");

        cluster.getSpec().getSpiffe().setSocket(SpiffeSpec.Socket.hostPath);
        cluster.getSpec().getSpiffe().setHostPath("/run/spire/sockets");
        var hostPath = volume(KeeperManifests.statefulSet(cluster));
        assertThat(hostPath.getCsi()).isNull();
        assertThat(hostPath.getHostPath().getPath()).isEqualTo("/run/spire/sockets");
    }

    @Test
    void memoryBackendAndImagesComeFromTheSpec() {
        cluster.getSpec().getNexus().setBackend(NexusSpec.Backend.memory);
        cluster.getSpec().getNexus().setImage("registry.local/nexus:dev");

        Container nexus = NexusManifests.statefulSet(cluster).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(env(nexus, "SPIKE_NEXUS_BACKEND_STORE")).isEqualTo("memory");
        assertThat(nexus.getImage()).isEqualTo("registry.local/nexus:dev");
    }

    @Test
    void pilotIsAnIdlePodPointedAtItsOwnNexus() {
        Deployment pilot = PilotManifests.deployment(cluster);

        assertThat(pilot.getMetadata().getName()).isEqualTo("vault-pilot");
        assertThat(pilot.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(pilot.getSpec().getReplicas()).isEqualTo(1);
        assertThat(pilot.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(pilot.getSpec().getSelector().getMatchLabels())
                .containsEntry(Labels.COMPONENT, "pilot").containsEntry(Labels.INSTANCE, "vault");
        Container c = pilot.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("ghcr.io/spike-java/spike-pilot:0.1.0");
        assertThat(c.getCommand()).containsExactly("/opt/spike/bin/spike-idle");
        assertThat(c.getPorts()).isEmpty();
        assertThat(c.getReadinessProbe()).isNull();
        assertThat(c.getLivenessProbe()).isNull();
        assertThat(env(c, "SPIKE_NEXUS_API_URL")).isEqualTo("https://vault-nexus.team-a.svc:8553");
        assertThat(env(c, "SPIKE_PILOT_NEXUS_IDS")).isEqualTo("spiffe://spike.ist/spike/nexus/team-a/vault");
        assertThat(env(c, "SPIFFE_ENDPOINT_SOCKET")).isEqualTo("unix:///spiffe-workload-api/spire-agent.sock");
        assertThat(env(c, "HOME")).isEqualTo("/tmp");
        assertThat(env(c, "SPIKE_PILOT_ROLE_SWITCH"))
                .isEqualTo("kubectl patch spk vault -n team-a --type merge -p '{\"spec\":{\"pilot\":{\"role\":\"{role}\"}}}'");
    }

    @Test
    void nexusAcceptsItsOwnPilotsIdsAndThePlainOnesOnlyWhenAllowed() {
        Container nexus = NexusManifests.statefulSet(cluster).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(nexus, "SPIKE_NEXUS_PILOT_IDS")).isEqualTo("spiffe://spike.ist/spike/pilot/role/superuser/team-a/vault,"
                + "spiffe://spike.ist/spike/pilot/role/recover/team-a/vault,"
                + "spiffe://spike.ist/spike/pilot/role/restore/team-a/vault");

        cluster.getSpec().getPilot().setAcceptPlainRoleIds(true);
        nexus = NexusManifests.statefulSet(cluster).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(nexus, "SPIKE_NEXUS_PILOT_IDS").split(",")).hasSize(6)
                .contains("spiffe://spike.ist/spike/pilot/role/superuser", "spiffe://spike.ist/spike/pilot/role/recover",
                        "spiffe://spike.ist/spike/pilot/role/restore");
    }

    @Test
    void pilotIdentityCarriesTheRoleInForceAndNoneHasNone() {
        GenericKubernetesResource pilot = IdentityManifests.clusterSpiffeIds(cluster, Optional.of("restore")).get(2);

        assertThat(pilot.getMetadata().getName()).isEqualTo("team-a.vault.pilot");
        assertThat(spec(pilot).get("spiffeIDTemplate")).isEqualTo("spiffe://spike.ist/spike/pilot/role/restore/team-a/vault");
        assertThat(spec(pilot).get("podSelector")).isEqualTo(Map.of("matchLabels",
                Labels.selector(cluster, Labels.Component.PILOT)));
        assertThat(spec(pilot)).doesNotContainKey("dnsNameTemplates");
        assertThat(IdentityManifests.clusterSpiffeIds(cluster, Optional.of("none"))).hasSize(2);
        assertThat(IdentityManifests.clusterSpiffeIds(cluster, Optional.empty())).hasSize(2);
    }

    @Test
    void clusterSpiffeIdsGiveNexusAndKeepersTheirIds() {
        List<GenericKubernetesResource> ids = IdentityManifests.clusterSpiffeIds(cluster, Optional.empty());

        assertThat(ids).extracting(r -> r.getMetadata().getName())
                .containsExactly("team-a.vault.nexus", "team-a.vault.keeper");
        assertThat(ids).allSatisfy(r -> {
            assertThat(r.getKind()).isEqualTo("ClusterSPIFFEID");
            assertThat(r.getMetadata().getNamespace()).isNull();
            assertThat(r.getMetadata().getLabels()).containsAllEntriesOf(IdentityManifests.ownerLabels(cluster));
        });
        assertThat(spec(ids.get(0)).get("spiffeIDTemplate")).isEqualTo("spiffe://spike.ist/spike/nexus/team-a/vault");
        assertThat(spec(ids.get(1)).get("spiffeIDTemplate"))
                .isEqualTo("spiffe://spike.ist/spike/keeper/team-a/vault/{{ .PodMeta.Name }}");
    }

    @Test
    void eachPieceTrustsOnlyItsOwnClustersIdentities() {
        Container nexus = NexusManifests.statefulSet(cluster).getSpec().getTemplate().getSpec().getContainers().get(0);
        Container keeper = KeeperManifests.statefulSet(cluster).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(env(keeper, "SPIKE_KEEPER_NEXUS_IDS")).isEqualTo("spiffe://spike.ist/spike/nexus/team-a/vault");
        assertThat(env(nexus, "SPIKE_NEXUS_KEEPER_IDS")).isEqualTo(
                "spiffe://spike.ist/spike/keeper/team-a/vault/vault-keeper-0,"
                        + "spiffe://spike.ist/spike/keeper/team-a/vault/vault-keeper-1,"
                        + "spiffe://spike.ist/spike/keeper/team-a/vault/vault-keeper-2");
        // What the Keeper template gives pod i (the SPIRE controller manager fills in the pod name).
        assertThat(spec(IdentityManifests.clusterSpiffeIds(cluster, Optional.empty()).get(1)).get("spiffeIDTemplate").toString()
                .replace("{{ .PodMeta.Name }}", "vault-keeper-1"))
                .isEqualTo(env(nexus, "SPIKE_NEXUS_KEEPER_IDS").split(",")[1]);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    private static io.fabric8.kubernetes.api.model.Volume volume(StatefulSet sts) {
        return sts.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(WorkloadSocket.VOLUME)).findFirst().orElseThrow();
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElse(null);
    }

    private static SpikeCluster cluster(String namespace, String name) {
        SpikeCluster c = new SpikeCluster();
        c.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        c.setSpec(new SpikeClusterSpec());
        return c;
    }
}
