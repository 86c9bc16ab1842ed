package ist.spike.operator.manifests;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import ist.spike.operator.model.PilotSpec;
import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.status.Runbook;
import java.util.List;

/**
 * The cluster's Pilot (DESIGN section 7): one idle pod people {@code kubectl exec} into to run
 * {@code spike}. Its SPIFFE ID, and so its role, comes from the ClusterSPIFFEID the operator keeps in
 * line with {@code status.pilot.role}: a role switch changes no pod.
 */
public final class PilotManifests {
    /** The Pilot image's idle entrypoint: waits for {@code kubectl exec}, ends on SIGTERM. */
    public static final String IDLE_COMMAND = "/opt/spike/bin/spike-idle";
    private static final Labels.Component PILOT = Labels.Component.PILOT;

    private PilotManifests() {
    }

    public static Deployment deployment(SpikeCluster cluster) {
        PilotSpec spec = cluster.getSpec().getPilot();
        PodTemplates.Shape shape = new PodTemplates.Shape(PILOT, spec.getImage(), spec.getResources(),
                List.of(new EnvVar("SPIKE_NEXUS_API_URL", Names.nexusApiUrl(cluster), null),
                        // Security: talk to this cluster's Nexus only.
                        new EnvVar("SPIKE_PILOT_NEXUS_IDS", ClusterIdentities.nexus(cluster), null),
                        // Pilot's hints name this cluster's role switch, a change of spec.pilot.role.
                        new EnvVar("SPIKE_PILOT_ROLE_SWITCH", new Runbook(cluster.getMetadata().getNamespace(),
                                cluster.getMetadata().getName(), cluster.getSpec().getTrustDomain(), true)
                                .switchRole("{role}"), null),
                        // The read-only root file system leaves /tmp as the only writable place.
                        new EnvVar("HOME", "/tmp", null)),
                List.of(), 0, List.of(), List.of(IDLE_COMMAND));
        return new DeploymentBuilder()
                .withMetadata(Labels.metadata(cluster, PILOT, Names.pilotDeployment(cluster)))
                .withNewSpec()
                .withReplicas(1)
                // One Pilot at a time: a rollout never has two pods carrying the role.
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewSelector().withMatchLabels(Labels.selector(cluster, PILOT)).endSelector()
                .withTemplate(PodTemplates.pod(cluster, shape, List.of(), new PodTemplateSpecBuilder()))
                .endSpec()
                .build();
    }
}
