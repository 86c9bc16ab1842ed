package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * The cluster's own Pilot (DESIGN section 7): a Deployment people {@code kubectl exec} into, whose
 * SPIFFE role is switched by changing {@link #role}. A {@code recover} or {@code restore} role is
 * taken back after {@link #roleResetAfter}. The role is a string (not an enum) so that an object
 * stored with an unknown one still reads, and shows as {@code InvalidSpec} instead of never reconciling.
 */
public class PilotSpec {
    public static final String DEFAULT_IMAGE = "ghcr.io/spike-java/spike-pilot:0.1.0";
    public static final String SUPERUSER = "superuser";
    public static final String RECOVER = "recover";
    public static final String RESTORE = "restore";
    public static final String NONE = "none";
    /** A whole number of hours, minutes or seconds, or a sum of them in that order (as Go writes them). */
    public static final String DURATION_PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

    @JsonPropertyDescription("Run Deployment <name>-pilot, the spike command for kubectl exec.")
    @Default("false")
    private boolean enabled;

    @JsonPropertyDescription("The Pilot's SPIFFE role: superuser, recover (take recovery files), restore (feed them"
            + " back) or none (no identity). recover and restore revert to superuser after roleResetAfter.")
    @Default(SUPERUSER)
    @Pattern("^(superuser|recover|restore|none)$")
    private String role = SUPERUSER;

    @JsonPropertyDescription("How long a recover or restore role lasts before the operator puts superuser back,"
            + " e.g. 15m or 1h (at most 24h).")
    @Default("15m")
    @Pattern(DURATION_PATTERN)
    private String roleResetAfter = "15m";

    @JsonPropertyDescription("Let Nexus also accept the plain Pilot role IDs (spiffe://<td>/spike/pilot/role/<role>),"
            + " e.g. for a Pilot outside the cluster; otherwise only this cluster's Pilot IDs"
            + " (spiffe://<td>/spike/pilot/role/<role>/<namespace>/<name>) are accepted.")
    @Default("false")
    private boolean acceptPlainRoleIds;

    @JsonPropertyDescription("Pilot container image.")
    @Default(DEFAULT_IMAGE)
    private String image = DEFAULT_IMAGE;

    @JsonPropertyDescription("Pilot container resources.")
    private ResourceRequirements resources;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public String getRoleResetAfter() {
        return roleResetAfter;
    }

    public void setRoleResetAfter(String roleResetAfter) {
        this.roleResetAfter = roleResetAfter;
    }

    public boolean isAcceptPlainRoleIds() {
        return acceptPlainRoleIds;
    }

    public void setAcceptPlainRoleIds(boolean acceptPlainRoleIds) {
        this.acceptPlainRoleIds = acceptPlainRoleIds;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }
}
