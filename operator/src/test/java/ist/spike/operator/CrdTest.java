package ist.spike.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committed CRD is what the build generates from the model classes, and says what DESIGN section 7 says. */
class CrdTest {
    private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8",
            "spikeclusters.spike.ist-v1.yml");

    @Test
    void theCommittedCrdIsTheGeneratedOne() throws Exception {
        assertThat(Files.readString(MockKubernetes.CRD))
                .as("crds/spikeclusters.spike.ist-v1.yml is stale: copy %s over it", GENERATED.toAbsolutePath())
                .isEqualTo(Files.readString(GENERATED));
    }

    @Test
    void theSampleInHackSamplesIsValidForTheCrd() throws Exception {
        KubernetesSerialization serialization = new KubernetesSerialization();
        var sample = serialization.unmarshal(Files.readString(Path.of("..", "hack", "samples", "spikecluster.yaml")),
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        assertThat(ist.spike.operator.api.CrdSchema.load(MockKubernetes.CRD).problems(serialization.asJson(sample)))
                .isEmpty();
        assertThat(serialization.asJson(sample)).contains("\"pilot\"");
    }

    @Test
    void namesStatusAndPrinterColumnsAreAsDesigned() throws Exception {
        CustomResourceDefinition crd = new KubernetesSerialization().unmarshal(Files.readString(MockKubernetes.CRD),
                CustomResourceDefinition.class);

        assertThat(crd.getSpec().getGroup()).isEqualTo("spike.ist");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("spk");
        CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
        assertThat(v.getName()).isEqualTo("v1alpha1");
        assertThat(v.getSubresources().getStatus()).isNotNull();
        assertThat(v.getAdditionalPrinterColumns()).extracting(c -> c.getName())
                .containsExactly("State", "Keepers", "Ready", "Age", "Pilot");
        assertThat(v.getAdditionalPrinterColumns().get(4).getPriority()).as("-o wide only").isEqualTo(1);
        assertThat(v.getAdditionalPrinterColumns().get(4).getJsonPath()).isEqualTo(".status.pilot.role");
        var keepers = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getProperties().get("keepers");
        assertThat(keepers.getProperties().get("threshold").getMinimum()).isEqualTo(1.0);
        assertThat(keepers.getProperties().get("replicas").getDefault().asInt()).isEqualTo(3);
        var nexus = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getProperties().get("nexus");
        assertThat(nexus.getProperties().get("backend").getEnum()).extracting(Object::toString)
                .containsExactlyInAnyOrder("\"sqlite\"", "\"memory\"");
        assertThat(keepers.getDescription()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource({"/run/spire/agent-sockets, true", "/run/spire/sockets, true", "/, false", "relative/dir, false",
        "/run/spire/../../var/lib/kubelet, false", "/run/./spire, false", "/run/spire/, false"})
    void theSchemaAcceptsOnlyPlainAbsoluteHostPaths(String hostPath, boolean accepted) throws Exception {
        String cluster = """
                {"apiVersion":"spike.ist/v1alpha1","kind":"SpikeCluster","metadata":{"name":"a","namespace":"b"},
                 "spec":{"spiffe":{"socket":"hostPath","hostPath":"%s"}}}""".formatted(hostPath);

        assertThat(ist.spike.operator.api.CrdSchema.load(MockKubernetes.CRD).problems(cluster).isEmpty()).isEqualTo(accepted);
    }
}
