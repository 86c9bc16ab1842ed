package ist.spike.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.operator.model.RootKeySharing;
import ist.spike.operator.model.SpikeClusterSpec;
import ist.spike.operator.model.SpiffeSpec;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidationTest {
    private static final SpecValidation VALIDATION = new SpecValidation(Set.of(OperatorConfig.DEFAULT_HOST_PATH,
            "/run/spire/sockets"));

    private static RootKeySharing sharing(int shares, int threshold) {
        return new RootKeySharing(shares, threshold, 1, 0, 0);
    }

    @Test
    void keeperChangesNexusCouldNotReshareSafelyAreNamed() {
        SpikeClusterSpec spec = new SpikeClusterSpec();
        spec.getKeepers().setReplicas(2);
        spec.getKeepers().setThreshold(2);
        assertThat(VALIDATION.againstSharing(spec, sharing(5, 3))).singleElement().asString()
                .contains("keepers.replicas (2) is below the threshold the root key is shared with now (3 of 5)");
        spec.getKeepers().setReplicas(3);
        spec.getKeepers().setThreshold(3);
        assertThat(VALIDATION.againstSharing(spec, sharing(3, 2))).singleElement().asString()
                .contains("from 2 to 3 needs at least 4 keepers.replicas");
        spec.getKeepers().setReplicas(4);
        assertThat(VALIDATION.againstSharing(spec, sharing(3, 2))).isEmpty();
        assertThat(VALIDATION.againstSharing(spec, new RootKeySharing(3, 2, 1, 4, 3))).as("the re-share in progress")
                .isEmpty();
        spec.getKeepers().setReplicas(5);
        spec.getKeepers().setThreshold(2);
        assertThat(VALIDATION.againstSharing(spec, new RootKeySharing(3, 2, 1, 4, 3))).singleElement().asString()
                .contains("wait for ShardsDistributed=True before changing keepers again");
        assertThat(VALIDATION.againstSharing(spec, sharing(5, 3))).as("lowering T with enough Keepers").isEmpty();
        assertThat(VALIDATION.againstSharing(spec, null)).as("never read").isEmpty();
    }

    @Test
    void theDefaultSpecIsValid() {
        assertThat(VALIDATION.problems("spike", new SpikeClusterSpec())).isEmpty();
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                bad("threshold above replicas", s -> s.getKeepers().setThreshold(4),
                        "keepers.threshold (4) must not exceed keepers.replicas (3)"),
                bad("threshold zero", s -> s.getKeepers().setThreshold(0), "keepers.threshold must be at least 1, got 0"),
                bad("threshold negative", s -> s.getKeepers().setThreshold(-2), "keepers.threshold must be at least 1"),
                bad("no Keepers", s -> s.getKeepers().setReplicas(0), "keepers.replicas must be between 1 and 100, got 0"),
                bad("too many Keepers", s -> {
                    s.getKeepers().setReplicas(101);
                }, "keepers.replicas must be between 1 and 100, got 101"),
                bad("size not a quantity", s -> s.getNexus().getStorage().setSize("lots"),
                        "nexus.storage.size must be a positive quantity"),
                bad("size zero", s -> s.getNexus().getStorage().setSize("0Gi"),
                        "nexus.storage.size must be a positive quantity"),
                bad("size negative", s -> s.getNexus().getStorage().setSize("-1Gi"),
                        "nexus.storage.size must be a positive quantity"),
                bad("trust domain with a scheme", s -> s.setTrustDomain("spiffe://spike.ist"),
                        "trustDomain must be a SPIFFE trust domain"),
                bad("relative host path", s -> {
                    s.getSpiffe().setSocket(SpiffeSpec.Socket.hostPath);
                    s.getSpiffe().setHostPath("run/spire");
                }, "spiffe.hostPath must be an absolute directory"),
                bad("the node's root", s -> {
                    s.getSpiffe().setSocket(SpiffeSpec.Socket.hostPath);
                    s.getSpiffe().setHostPath("/");
                }, "spiffe.hostPath must be an absolute directory"),
                bad("a way out of an allowed directory", s -> {
                    s.getSpiffe().setSocket(SpiffeSpec.Socket.hostPath);
                    s.getSpiffe().setHostPath("/run/spire/agent-sockets/../../../var/lib/kubelet");
                }, "spiffe.hostPath must be an absolute directory"),
                bad("another pod's volumes", s -> {
                    s.getSpiffe().setSocket(SpiffeSpec.Socket.hostPath);
                    s.getSpiffe().setHostPath("/var/lib/kubelet/pods");
                }, "spiffe.hostPath /var/lib/kubelet/pods is not a node directory this operator may mount (allowed: "
                        + "/run/spire/agent-sockets, /run/spire/sockets)"),
                bad("below an allowed directory", s -> {
                    s.getSpiffe().setSocket(SpiffeSpec.Socket.hostPath);
                    s.getSpiffe().setHostPath("/run/spire/agent-sockets/x");
                }, "spiffe.hostPath /run/spire/agent-sockets/x is not a node directory this operator may mount"),
                bad("socket name with a slash", s -> s.getSpiffe().setSocketName("a/b.sock"),
                        "spiffe.socketName must be a file name"),
                bad("empty image", s -> s.getNexus().setImage(" "), "nexus.image must not be empty"),
                bad("missing backend", s -> s.getNexus().setBackend(null), "nexus.backend must be sqlite or memory"));
    }

    private static Arguments bad(String name, Consumer<SpikeClusterSpec> change, String problem) {
        return Arguments.of(name, change, problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void eachInvalidSpecIsNamed(String name, Consumer<SpikeClusterSpec> change, String problem) {
        SpikeClusterSpec spec = new SpikeClusterSpec();
        change.accept(spec);

        assertThat(VALIDATION.problems("spike", spec)).singleElement().asString().startsWith(problem);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"9lives", "Spike", "spike_1", "a-very-long-name-that-makes-child-names-too-long", "-x", "x-"})
    void namesThatMakeBadChildNamesAreNamed(String name) {
        assertThat(VALIDATION.problems(name, new SpikeClusterSpec())).singleElement().asString()
                .startsWith("the SpikeCluster's name must be a DNS label of at most 40 characters");
    }

    @Test
    void oneKeeperWithThresholdOneIsValid() {
        SpikeClusterSpec spec = new SpikeClusterSpec();
        spec.getKeepers().setReplicas(1);
        spec.getKeepers().setThreshold(1);

        assertThat(VALIDATION.problems("spike", spec)).isEmpty();
    }

    @Test
    void aMissingSpecIsAProblemNotACrash() {
        assertThat(VALIDATION.problems("spike", null)).containsExactly("spec is missing");
        SpikeClusterSpec spec = new SpikeClusterSpec();
        spec.setKeepers(null);
        spec.setNexus(null);
        spec.setSpiffe(null);
        assertThat(VALIDATION.problems("spike", spec)).isNotEmpty();
    }
}
