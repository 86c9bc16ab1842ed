package ist.spike.operator.status;

import ist.spike.operator.model.PilotSpec;
import ist.spike.operator.model.PilotStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which role the cluster's Pilot has in force (DESIGN section 7). A new value of
 * {@code spec.pilot.role} is a grant; a {@code recover} or {@code restore} grant lasts
 * {@code roleResetAfter} and then superuser is back in force. The grant is remembered in the status
 * (never in the spec), so an operator restart neither extends nor forgets it, and re-applying the
 * same spec (GitOps) grants nothing again. Pure apart from the times it is given.
 */
public final class PilotRoles {
    /** Longest grant: a forgotten recover role must not outlive the day. */
    public static final Duration MAX_RESET_AFTER = Duration.ofHours(24);
    private static final Pattern DURATION = Pattern.compile(PilotSpec.DURATION_PATTERN);

    private PilotRoles() {
    }

    /**
     * The role in force, and since and until when.
     *
     * @param expired true when a recover or restore grant ran out and superuser is back
     */
    public record Grant(String role, String requestedRole, Instant grantedAt, Instant expiresAt, boolean expired) {
        /** How long until the grant runs out, if it does. */
        public Optional<Duration> remaining(Instant now) {
            return expiresAt == null ? Optional.empty() : Optional.of(Duration.between(now, expiresAt));
        }
    }

    /**
     * The grant after {@code previous} for {@code spec} at {@code now}; empty when the Pilot is not
     * enabled. {@code spec.roleResetAfter} must be valid ({@link #resetAfter}).
     */
    public static Optional<Grant> next(PilotSpec spec, PilotStatus previous, Instant now) {
        if (spec == null || !spec.isEnabled()) {
            return Optional.empty();
        }
        Duration resetAfter = resetAfter(spec.getRoleResetAfter()).orElseThrow();
        String requested = spec.getRole();
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        Instant since = previous == null ? null : instant(previous.getGrantedAt());
        if (previous == null || since == null || !requested.equals(previous.getRequestedRole())) {
            return Optional.of(granted(requested, at, resetAfter));
        }
        if (!requested.equals(previous.getRole())) {
            // Ran out before: superuser stays until spec.pilot.role changes again.
            return Optional.of(new Grant(PilotSpec.SUPERUSER, requested, since, null, true));
        }
        Grant current = granted(requested, since, resetAfter);
        Instant granted = instant(previous.getExpiresAt());
        if (current.expiresAt() != null && granted != null && granted.isBefore(current.expiresAt())) {
            // A longer roleResetAfter does not extend a grant in force (only a new grant gets it).
            current = new Grant(current.role(), current.requestedRole(), current.grantedAt(), granted, false);
        }
        if (current.expiresAt() != null && !now.isBefore(current.expiresAt())) {
            return Optional.of(new Grant(PilotSpec.SUPERUSER, requested, current.expiresAt(), null, true));
        }
        return Optional.of(current);
    }

    private static Grant granted(String role, Instant at, Duration resetAfter) {
        boolean temporary = PilotSpec.RECOVER.equals(role) || PilotSpec.RESTORE.equals(role);
        return new Grant(role, role, at, temporary ? at.plus(resetAfter) : null, false);
    }

    /**
     * The status of {@code grant}, with what it means and how to change it.
     *
     * @param notRegistered why the operator does not register the Pilot's SPIFFE ID itself (the message
     *     then says which entry to change by hand), or null when it does
     */
    public static PilotStatus status(Grant grant, Runbook runbook, String notRegistered) {
        return new PilotStatus(grant.role(), grant.requestedRole(), grant.grantedAt().toString(),
                grant.expiresAt() == null ? null : grant.expiresAt().toString(), message(grant, runbook, notRegistered));
    }

    /**
     * The status when the spec cannot be deployed: the grant in force stays until it runs out; then
     * the Pilot loses its identity altogether (fail closed) until the spec is fixed, since a broken
     * spec cannot say which identity to give it instead.
     */
    public static PilotStatus whileSpecInvalid(PilotStatus previous, Instant now) {
        Instant expires = previous == null ? null : instant(previous.getExpiresAt());
        if (expires == null || now.isBefore(expires)) {
            return previous;
        }
        return new PilotStatus(PilotSpec.NONE, previous.getRequestedRole(), expires.toString(), null,
                "The " + previous.getRole() + " role ran out at " + expires + " while the spec could not be deployed;"
                        + " Pilot has no SPIFFE ID until the spec is fixed.");
    }

    private static String message(Grant grant, Runbook runbook, String notRegistered) {
        String role = grant.role();
        String text;
        if (grant.expired()) {
            text = "The " + grant.requestedRole() + " role ran out at " + grant.grantedAt() + "; Pilot is superuser again."
                    + " spec.pilot.role still says " + grant.requestedRole() + ": to grant it again, set it to superuser ("
                    + runbook.switchRole(PilotSpec.SUPERUSER) + ") and then to " + grant.requestedRole() + " again.";
        } else {
            text = switch (role) {
                case PilotSpec.RECOVER -> "Pilot has the recover role until " + grant.expiresAt()
                        + ". Take the recovery files: " + runbook.recoverAll() + " ; then switch back: "
                        + runbook.switchRole(PilotSpec.SUPERUSER);
                case PilotSpec.RESTORE -> "Pilot has the restore role until " + grant.expiresAt()
                        + ". Once per recovery file: " + runbook.restoreOne() + " ; then switch back: "
                        + runbook.switchRole(PilotSpec.SUPERUSER);
                case PilotSpec.NONE -> "Pilot runs without a SPIFFE ID.";
                default -> "Pilot has the superuser role: " + runbook.exec("secret list")
                        + " . To take recovery files, grant the recover role: " + runbook.switchRole(PilotSpec.RECOVER);
            };
        }
        if (notRegistered == null) {
            return text;
        }
        return text + " The operator does not register the Pilot's SPIFFE ID here (" + notRegistered + "): "
                + (PilotSpec.NONE.equals(role) ? "remove its entry by hand."
                : "give the pods labelled app.kubernetes.io/instance=" + runbook.name()
                        + ",app.kubernetes.io/component=pilot in namespace " + runbook.namespace() + " the SPIFFE ID "
                        + runbook.pilotId(role) + " by hand, in place of the one they have.");
    }

    /**
     * {@code roleResetAfter} as a duration: hours, minutes and seconds as Go writes them
     * ({@code 15m}, {@code 1h30m}, {@code 90s}), between one second and {@link #MAX_RESET_AFTER}.
     */
    public static Optional<Duration> resetAfter(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.ofHours(part(m.group(1))).plusMinutes(part(m.group(2))).plusSeconds(part(m.group(3)));
            return d.isZero() || d.compareTo(MAX_RESET_AFTER) > 0 ? Optional.empty() : Optional.of(d);
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long part(String group) {
        return group == null ? 0 : Long.parseLong(group.substring(0, group.length() - 1));
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
