package ist.spike.operator.manifests;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.List;

/**
 * Locked-down pod security for every SPIKE pod. Security: Nexus and Keepers hold key material in
 * memory; no root, no privilege escalation, no capabilities, read-only root file system and the
 * runtime's default seccomp profile (the "restricted" Pod Security Standard).
 */
public final class PodSecurity {
    /** The non-root user of the SPIKE images (see the Dockerfiles). */
    public static final long USER = 10001L;

    private PodSecurity() {
    }

    public static PodSecurityContext pod() {
        return new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(USER).withRunAsGroup(USER)
                .withFsGroup(USER).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build();
    }

    public static SecurityContext container() {
        return new SecurityContextBuilder().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true).withPrivileged(false)
                .withCapabilities(new Capabilities(null, List.of("ALL"))).build();
    }
}
