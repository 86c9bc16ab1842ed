package ist.spike.pilot.failure;

import java.util.Map;

/**
 * How this Pilot gets another role, for the hints Pilot prints: the {@code hack/} scripts by default,
 * or the command in {@code SPIKE_PILOT_ROLE_SWITCH} with {@code {role}} in it (the operator's Pilot pod
 * gets its cluster's {@code kubectl patch spk …}, since there a role switch is a change of the spec).
 *
 * @param template the command with {@code {role}}, or null for the scripts
 */
public record RoleSwitch(String template) {
    public static final String VARIABLE = "SPIKE_PILOT_ROLE_SWITCH";
    public static final String PLACEHOLDER = "{role}";
    /** The scripts of a local run. */
    public static final RoleSwitch SCRIPTS = new RoleSwitch(null);
    private static final Map<String, String> SCRIPT = Map.of(
            "superuser", "hack/spire-server-entry-su-register.sh",
            "recover", "hack/spire-server-entry-recover-register.sh",
            "restore", "hack/spire-server-entry-restore-register.sh");

    public RoleSwitch {
        if (template != null && !template.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException(VARIABLE + " must contain " + PLACEHOLDER + ", where the role goes");
        }
    }

    /** {@code SPIKE_PILOT_ROLE_SWITCH}, or the scripts when it is unset or blank. */
    public static RoleSwitch fromEnvironment(Map<String, String> env) {
        String raw = env.get(VARIABLE);
        return raw == null || raw.isBlank() ? SCRIPTS : new RoleSwitch(raw.strip());
    }

    /** The command that gives Pilot {@code role} ({@code superuser}, {@code recover} or {@code restore}). */
    public String command(String role) {
        return template == null ? SCRIPT.get(role) : template.replace(PLACEHOLDER, role);
    }
}
