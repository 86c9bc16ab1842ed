package ist.spike.operator.manifests;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import ist.spike.operator.model.SpiffeSpec;

/** The SPIFFE Workload API socket in a pod: the {@code csi.spiffe.io} driver or a node directory. */
public final class WorkloadSocket {
    static final String VOLUME = "spiffe-workload-api";
    static final String MOUNT_PATH = "/spiffe-workload-api";

    private WorkloadSocket() {
    }

    public static Volume volume(SpiffeSpec spiffe) {
        VolumeBuilder volume = new VolumeBuilder().withName(VOLUME);
        if (spiffe.getSocket() == SpiffeSpec.Socket.hostPath) {
            return volume.withNewHostPath().withPath(spiffe.getHostPath()).withType("Directory").endHostPath().build();
        }
        return volume.withNewCsi().withDriver("csi.spiffe.io").withReadOnly(true).endCsi().build();
    }

    public static VolumeMount mount() {
        return new VolumeMountBuilder().withName(VOLUME).withMountPath(MOUNT_PATH).withReadOnly(true).build();
    }

    public static EnvVar endpointVariable(SpiffeSpec spiffe) {
        return new EnvVar("SPIFFE_ENDPOINT_SOCKET", "unix://" + MOUNT_PATH + "/" + spiffe.getSocketName(), null);
    }
}
