package ist.spike.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import ist.spike.operator.IdentityRegistrar.Outcome;
import ist.spike.operator.model.SpikeCluster;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ClusterSPIFFEIDs against the mock API server: only where asked, allowed and installed. */
class IdentityRegistrarIT {
    private MockKubernetes k8s;
    private SpikeCluster cluster;

    @BeforeEach
    void start() throws Exception {
        k8s = new MockKubernetes();
        cluster = SpikeClusters.named("team-a", "vault");
        cluster.getSpec().getSpire().setRegisterIdentities(true);
    }

    @AfterEach
    void stop() {
        k8s.close();
    }

    @Test
    void withoutTheSpireCrdNothingIsCreated() {
        assertThat(new IdentityRegistrar(k8s.client, Set.of("*")).reconcile(cluster, Optional.empty())).isEqualTo(Outcome.CRD_MISSING);
    }

    @Test
    void onlyAllowedNamespacesGetTheNexusIdentity() {
        installSpireCrd();

        assertThat(new IdentityRegistrar(k8s.client, Set.of()).reconcile(cluster, Optional.empty()))
                .isEqualTo(Outcome.NAMESPACE_NOT_ALLOWED);
        assertThat(new IdentityRegistrar(k8s.client, Set.of("team-b")).reconcile(cluster, Optional.empty()))
                .isEqualTo(Outcome.NAMESPACE_NOT_ALLOWED);
        assertThat(identities()).isEmpty();

        assertThat(new IdentityRegistrar(k8s.client, Set.of("team-a")).reconcile(cluster, Optional.empty())).isEqualTo(Outcome.REGISTERED);
        assertThat(identities()).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder("team-a.vault.nexus", "team-a.vault.keeper");
    }

    @Test
    void turningRegistrationOffRemovesOnlyThisClustersIdentities() {
        installSpireCrd();
        IdentityRegistrar registrar = new IdentityRegistrar(k8s.client, Set.of("*"));
        SpikeCluster other = SpikeClusters.named("team-b", "vault");
        other.getSpec().getSpire().setRegisterIdentities(true);
        registrar.reconcile(cluster, Optional.empty());
        registrar.reconcile(other, Optional.empty());

        cluster.getSpec().getSpire().setRegisterIdentities(false);
        assertThat(registrar.reconcile(cluster, Optional.empty())).isEqualTo(Outcome.NOT_REQUESTED);

        assertThat(identities()).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder("team-b.vault.nexus", "team-b.vault.keeper");
    }

    private void installSpireCrd() {
        k8s.client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("clusterspiffeids.spire.spiffe.io").endMetadata()
                .withNewSpec().withGroup("spire.spiffe.io").withScope("Cluster")
                .withNewNames().withKind("ClusterSPIFFEID").withPlural("clusterspiffeids").endNames()
                .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true).endVersion()
                .endSpec().build()).create();
    }

    private List<GenericKubernetesResource> identities() {
        return k8s.client.genericKubernetesResources("spire.spiffe.io/v1alpha1", "ClusterSPIFFEID").list().getItems();
    }
}
