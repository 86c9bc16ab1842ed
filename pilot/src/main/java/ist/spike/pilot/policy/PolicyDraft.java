package ist.spike.pilot.policy;

import ist.spike.core.api.PolicyMessages.PutRequest;
import ist.spike.pilot.failure.PilotException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A policy as written by a person, in a file or in flags; any field may be missing until
 * {@link #toRequest} checks it. The field names are those of the API's upsert request.
 */
record PolicyDraft(String name, String spiffeidPattern, String pathPattern, List<String> permissions) {
    static final Set<String> PERMISSIONS = Set.of("read", "write", "list", "execute", "super");
    static final int MAX_NAME = 250;
    // A fixed pattern of ours on a bounded string; user patterns are never compiled here.
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9\\-_ ]+");

    PolicyDraft {
        permissions = permissions == null ? null : List.copyOf(permissions);
    }

    /** This draft with every non-null field of {@code overrides} taking precedence. */
    PolicyDraft overriddenBy(PolicyDraft overrides) {
        return new PolicyDraft(
                overrides.name != null ? overrides.name : name,
                overrides.spiffeidPattern != null ? overrides.spiffeidPattern : spiffeidPattern,
                overrides.pathPattern != null ? overrides.pathPattern : pathPattern,
                overrides.permissions != null ? overrides.permissions : permissions);
    }

    /**
     * The upsert request, or a usage error naming what is missing or wrong.
     *
     * @param fileHint appended to "give --x" when the field could also come from a file, or empty
     */
    PutRequest toRequest(String fileHint) {
        String checkedName = required(name, "name", "--name", "name", fileHint);
        if (checkedName.length() > MAX_NAME || !NAME.matcher(checkedName).matches()) {
            throw PilotException.usage("'" + checkedName + "' is not a policy name: use letters, digits, '-', '_' and"
                    + " spaces, at most " + MAX_NAME + " characters");
        }
        String spiffeId = required(spiffeidPattern, "SPIFFE ID pattern", "--spiffeid-pattern", "spiffeidPattern", fileHint);
        String path = required(pathPattern, "path pattern", "--path-pattern", "pathPattern", fileHint);
        return new PutRequest(checkedName, spiffeId, path, checkedPermissions(fileHint));
    }

    private List<String> checkedPermissions(String fileHint) {
        Set<String> result = new LinkedHashSet<>();
        for (String entry : permissions == null ? List.<String>of() : permissions) {
            Arrays.stream(String.valueOf(entry).split(","))
                    .map(p -> p.strip().toLowerCase(Locale.ROOT))
                    .filter(p -> !p.isEmpty())
                    .forEach(p -> {
                        if (!PERMISSIONS.contains(p)) {
                            throw PilotException.usage("'" + p + "' is not a permission: use read, write, list, execute"
                                    + " or super");
                        }
                        result.add(p);
                    });
        }
        if (result.isEmpty()) {
            throw PilotException.usage("the policy grants no permissions: give --permissions read,write,…" + hint(
                    "permissions", fileHint));
        }
        return List.copyOf(result);
    }

    private static String required(String value, String what, String flag, String field, String fileHint) {
        if (value == null || value.isBlank()) {
            throw PilotException.usage("the policy has no " + what + ": give " + flag
                    + hint(field, fileHint));
        }
        return value;
    }

    private static String hint(String field, String fileHint) {
        return fileHint.isEmpty() ? "" : " or set " + field + " in " + fileHint;
    }
}
