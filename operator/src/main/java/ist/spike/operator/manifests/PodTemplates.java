package ist.spike.operator.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import ist.spike.operator.model.SpikeCluster;
import java.util.ArrayList;
import java.util.List;

/** The pod shape Nexus, Keepers and Pilot share: one locked-down container, the Workload API socket, a scratch /tmp. */
final class PodTemplates {
    private PodTemplates() {
    }

    /**
     * What differs between the components' pods.
     *
     * @param healthPort where the probes ask; 0 for a pod without probes (Pilot serves nothing)
     * @param command the container's command instead of the image's entrypoint; empty for the entrypoint
     */
    record Shape(Labels.Component component, String image, ResourceRequirements resources, List<EnvVar> env,
                 List<ContainerPort> ports, int healthPort, List<VolumeMount> extraMounts, List<String> command) {
        Shape {
            env = List.copyOf(env);
            ports = List.copyOf(ports);
            extraMounts = List.copyOf(extraMounts);
            command = List.copyOf(command);
        }

        /** A server's pod: the image's entrypoint, probed on {@code healthPort}. */
        Shape(Labels.Component component, String image, ResourceRequirements resources, List<EnvVar> env,
              List<ContainerPort> ports, int healthPort, List<VolumeMount> extraMounts) {
            this(component, image, resources, env, ports, healthPort, extraMounts, List.of());
        }
    }

    static PodTemplateSpec pod(SpikeCluster cluster, Shape shape, List<Volume> extraVolumes,
                               PodTemplateSpecBuilder start) {
        List<Volume> volumes = new ArrayList<>(List.of(WorkloadSocket.volume(cluster.getSpec().getSpiffe()),
                new VolumeBuilder().withName("tmp").withNewEmptyDir().withMedium("Memory").withSizeLimit(
                        new Quantity("64Mi")).endEmptyDir().build()));
        volumes.addAll(extraVolumes);
        return start.editOrNewMetadata().withLabels(Labels.of(cluster, shape.component())).endMetadata()
                .editOrNewSpec()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(PodSecurity.pod())
                .withContainers(container(cluster, shape))
                .withVolumes(volumes)
                .endSpec().build();
    }

    private static Container container(SpikeCluster cluster, Shape shape) {
        List<EnvVar> env = new ArrayList<>(List.of(WorkloadSocket.endpointVariable(cluster.getSpec().getSpiffe())));
        for (String variable : List.of("SPIKE_TRUST_ROOT_NEXUS", "SPIKE_TRUST_ROOT_KEEPER", "SPIKE_TRUST_ROOT_PILOT",
                "SPIKE_TRUST_ROOT_LITE_WORKLOAD")) {
            env.add(new EnvVar(variable, cluster.getSpec().getTrustDomain(), null));
        }
        env.addAll(shape.env());
        List<VolumeMount> mounts = new ArrayList<>(List.of(WorkloadSocket.mount(),
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build()));
        mounts.addAll(shape.extraMounts());
        ContainerBuilder container = new ContainerBuilder()
                .withName(shape.component().value())
                .withImage(shape.image())
                .withImagePullPolicy("IfNotPresent")
                .withCommand(shape.command().isEmpty() ? null : shape.command())
                .withEnv(env)
                .withPorts(shape.ports())
                .withResources(shape.resources())
                .withVolumeMounts(mounts)
                .withSecurityContext(PodSecurity.container());
        if (shape.healthPort() > 0) {
            // The health port opens once the first SVID arrives, which can take a while on a new
            // node: the startup probe allows two minutes before liveness takes over.
            container.withStartupProbe(new ProbeBuilder(probe("/livez", shape.healthPort(), 2)).withFailureThreshold(60).build())
                    .withLivenessProbe(probe("/livez", shape.healthPort(), 10))
                    .withReadinessProbe(probe("/readyz", shape.healthPort(), 5));
        }
        return container.build();
    }

    private static Probe probe(String path, int port, int periodSeconds) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
                .withPeriodSeconds(periodSeconds).withFailureThreshold(3).withTimeoutSeconds(2).build();
    }

    static ContainerPort port(String name, int number) {
        ContainerPort port = new ContainerPort();
        port.setName(name);
        port.setContainerPort(number);
        port.setProtocol("TCP");
        return port;
    }
}
