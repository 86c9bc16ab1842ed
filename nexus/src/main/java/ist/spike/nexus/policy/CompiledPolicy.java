package ist.spike.nexus.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import ist.spike.core.error.SpikeException;

/**
 * A policy with its patterns compiled by RE2/J: matching runs in linear time, so no pattern a
 * client sends can stall Nexus.
 */
record CompiledPolicy(Policy policy, Pattern spiffeId, Pattern path, boolean confinedToSystem) {
    static final int MAX_PATTERN = 500;

    static CompiledPolicy of(Policy policy) {
        return new CompiledPolicy(policy, compile("spiffeidPattern", policy.spiffeIdPattern()),
                compile("pathPattern", policy.pathPattern()), SystemPathPattern.confined(policy.pathPattern()));
    }

    private static Pattern compile(String field, String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.length() > MAX_PATTERN) {
            throw SpikeException.badRequest(field + " must be 1-" + MAX_PATTERN + " characters of RE2 syntax");
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException | IllegalArgumentException e) {
            throw SpikeException.badRequest(field + " is not a valid RE2 expression");
        }
    }

    boolean matchesCaller(String spiffeIdText) {
        return spiffeId.matcher(spiffeIdText).find();
    }

    /**
     * True when the path pattern covers {@code path}. Security: paths under {@code spike/system/}
     * are reachable only by patterns that can match nothing else ({@link SystemPathPattern}), never
     * by a broad pattern such as {@code .*}, or {@code ^spike/system/x|.*}, that happens to match them.
     */
    boolean matchesPath(String path) {
        if (path.startsWith(SystemPathPattern.PREFIX) && !confinedToSystem) {
            return false;
        }
        return this.path.matcher(path).find();
    }
}
