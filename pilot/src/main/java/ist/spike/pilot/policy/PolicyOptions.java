package ist.spike.pilot.policy;

import java.util.List;
import picocli.CommandLine.Option;

/** The flags that describe a policy, shared by {@code policy create} and {@code policy apply}. */
final class PolicyOptions {
    @Option(names = "--name", paramLabel = "NAME", description = "Policy name (letters, digits, '-', '_', spaces).")
    String name;

    @Option(names = "--spiffeid-pattern", paramLabel = "REGEX",
            description = "RE2 pattern the caller's SPIFFE ID must match, e.g. ^spiffe://spike\\.ist/workload/demo$.")
    String spiffeidPattern;

    @Option(names = "--path-pattern", paramLabel = "REGEX", description = "RE2 pattern of the secret paths, e.g. ^secrets/db/.*$.")
    String pathPattern;

    @Option(names = "--permissions", split = ",", paramLabel = "PERMISSION",
            description = "Comma-separated: read, write, list, execute, super.")
    List<String> permissions;

    PolicyDraft draft() {
        return new PolicyDraft(name, spiffeidPattern, pathPattern, permissions);
    }
}
