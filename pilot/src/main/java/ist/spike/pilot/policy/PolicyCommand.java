package ist.spike.pilot.policy;

import picocli.CommandLine.Command;

/** {@code spike policy …}: who may do what on which paths. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Manage access policies.",
            "A policy grants permissions to callers whose SPIFFE ID matches one pattern on paths that match another."},
        subcommands = {PolicyCreateCommand.class, PolicyApplyCommand.class, PolicyGetCommand.class, PolicyListCommand.class,
                PolicyDeleteCommand.class})
public final class PolicyCommand {
    /** The 401 hint of every policy command: what the caller needs on the ACL. */
    static String aclGrant(String permission) {
        return permission + " on spike/system/acl";
    }
}
