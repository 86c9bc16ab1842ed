package ist.spike.pilot.secret;

import ist.spike.pilot.failure.PilotException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks secret paths and keys before anything is sent, with the rules Nexus enforces (DESIGN
 * section 4), so a typo gets a precise message instead of Nexus's {@code api_bad_request}.
 *
 * <p>Security: messages name paths, keys and argument positions, never values.
 */
final class SecretArguments {
    static final int MAX_PATH = 500;
    static final int MAX_KEY = 250;
    // Fixed patterns of ours, bounded input: java.util.regex is fine here (no user-supplied regex).
    private static final Pattern PATH = Pattern.compile("[a-zA-Z0-9._\\-/()?+*|\\[\\]{}\\\\]+");
    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9\\-_ ]+");

    private SecretArguments() {
    }

    static String path(String path) {
        if (path.length() > MAX_PATH || !PATH.matcher(path).matches()) {
            throw PilotException.usage("'" + path + "' is not a secret path: use letters, digits and . _ - / ( ) ? + * | [ ] { } \\"
                    + ", at most " + MAX_PATH + " characters");
        }
        return path;
    }

    /** {@code key=value} arguments as a map; the value is everything after the first {@code =}. */
    static Map<String, String> values(List<String> assignments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < assignments.size(); i++) {
            String assignment = assignments.get(i);
            int eq = assignment.indexOf('=');
            if (eq < 0) {
                throw PilotException.usage("value " + (i + 1) + " has no '=': give each one as key=value");
            }
            String key = key(assignment.substring(0, eq));
            if (values.put(key, assignment.substring(eq + 1)) != null) {
                throw PilotException.usage("key '" + key + "' is given twice: give each key once");
            }
        }
        return values;
    }

    static String key(String key) {
        if (key.length() > MAX_KEY || !KEY.matcher(key).matches()) {
            throw PilotException.usage("'" + key + "' is not a key name: use letters, digits, '-', '_' and spaces, at most "
                    + MAX_KEY + " characters");
        }
        return key;
    }

    /** A {@code --version} option: absent (null) or 0 mean the current version. */
    static Integer version(Integer version) {
        if (version != null && version < 0) {
            throw PilotException.usage("--version must be 1 or more (0 is the current one)");
        }
        return version;
    }

    static List<Integer> versions(List<Integer> versions) {
        for (int v : versions) {
            if (v < 0) {
                throw PilotException.usage("version " + v + " does not exist: versions count from 1 (0 is the current one)");
            }
        }
        return List.copyOf(versions);
    }
}
