package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import java.util.Objects;

/**
 * The Pilot role in force. It differs from {@code spec.pilot.role} once a {@code recover} or
 * {@code restore} grant has expired: the operator takes the role back here, never in the spec.
 */
public class PilotStatus {
    @JsonPropertyDescription("The role in force: superuser, recover, restore or none.")
    @PrinterColumn(name = "Pilot", priority = 1)
    private String role;

    @JsonPropertyDescription("The spec.pilot.role this status answers; a new value of it is a new grant.")
    private String requestedRole;

    @JsonPropertyDescription("When the role in force was granted (RFC 3339).")
    private String grantedAt;

    @JsonPropertyDescription("When a recover or restore role goes back to superuser (RFC 3339).")
    private String expiresAt;

    @JsonPropertyDescription("What the role in force means and how to change it.")
    private String message;

    public PilotStatus() {
    }

    public PilotStatus(String role, String requestedRole, String grantedAt, String expiresAt, String message) {
        this.role = role;
        this.requestedRole = requestedRole;
        this.grantedAt = grantedAt;
        this.expiresAt = expiresAt;
        this.message = message;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public String getRequestedRole() {
        return requestedRole;
    }

    public void setRequestedRole(String requestedRole) {
        this.requestedRole = requestedRole;
    }

    public String getGrantedAt() {
        return grantedAt;
    }

    public void setGrantedAt(String grantedAt) {
        this.grantedAt = grantedAt;
    }

    public String getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PilotStatus p && Objects.equals(role, p.role) && Objects.equals(requestedRole, p.requestedRole)
                && Objects.equals(grantedAt, p.grantedAt) && Objects.equals(expiresAt, p.expiresAt)
                && Objects.equals(message, p.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, requestedRole, grantedAt, expiresAt, message);
    }

    @Override
    public String toString() {
        return "PilotStatus[role=" + role + ", requestedRole=" + requestedRole + ", grantedAt=" + grantedAt
                + ", expiresAt=" + expiresAt + "]";
    }
}
