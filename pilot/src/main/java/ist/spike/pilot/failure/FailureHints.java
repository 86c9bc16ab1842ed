package ist.spike.pilot.failure;

/**
 * Implemented by a command that can say more than the generic line when Nexus refuses it. Each
 * method returns the text after {@code spike: not authorized: } (or the whole line for the
 * others), or null to keep the generic one.
 */
public interface FailureHints {

    /** Why a 401 happened and how to get the right to do it. */
    default String unauthorized() {
        return null;
    }

    /** What a 404 means for this command. */
    default String notFound() {
        return null;
    }

    /** What a 400 means for this command (Nexus found the request malformed or invalid). */
    default String badRequest() {
        return null;
    }

    /** What a 409 means for this command. */
    default String conflict() {
        return null;
    }

    /** The usual 401 hint: a policy granting {@code grant}, or the superuser role. */
    static String needsPolicy(String grant, RoleSwitch roles) {
        return "this Pilot's SPIFFE ID needs a policy granting " + grant
                + ", or the superuser role (run " + roles.command("superuser") + ")";
    }
}
