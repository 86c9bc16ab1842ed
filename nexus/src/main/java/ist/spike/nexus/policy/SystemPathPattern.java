package ist.spike.nexus.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Decides whether a path pattern is confined to {@code spike/system/}: whether every path it can
 * match begins with that prefix. Security: only such patterns reach system paths (secret listing,
 * ACLs, the cipher), so a broad pattern that merely happens to match one never does.
 *
 * <p>The decision reads the pattern's structure, never just its first characters: it must start with
 * {@code ^spike/system/} (so no flag such as {@code (?i)} or group precedes the literal prefix), the
 * prefix's last {@code /} must not be quantified ({@code ?}, {@code *}, {@code +}, <code>{</code>),
 * and nothing after it may be an alternation at the top level ({@code ^spike/system/none|.*} matches
 * everything). Alternations inside groups, character classes, escapes and {@code \Q…\E} quoting are
 * read as RE2 reads them. Anything else is refused: confinement fails closed.
 */
final class SystemPathPattern {
    static final String PREFIX = "spike/system/";
    private static final String ANCHORED = "^" + PREFIX;

    private SystemPathPattern() {
    }

    static boolean confined(String pattern) {
        if (!pattern.startsWith(ANCHORED)) {
            return false;
        }
        String rest = pattern.substring(ANCHORED.length());
        if (!rest.isEmpty() && "*+?{".indexOf(rest.charAt(0)) >= 0) {
            return false;
        }
        if (hasTopLevelAlternation(rest)) {
            return false;
        }
        // Without a top-level alternation, the pattern is the prefix followed by (?:rest) unless rest
        // starts with a quantifier hidden behind an empty construct (\Q\E*, (?i)?), which would repeat
        // the prefix's last '/'. Inside a group of its own such a quantifier has nothing to repeat and
        // RE2 refuses it.
        try {
            Pattern.compile(ANCHORED + "(?:" + rest + ")");
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /** Whether {@code regex} has a {@code |} outside every group, class, escape and quote. */
    private static boolean hasTopLevelAlternation(String regex) {
        int depth = 0;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i = afterEscape(regex, i);
                continue;
            }
            if (c == '[') {
                i = afterClass(regex, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth <= 0) {
                return true;
            }
            i++;
        }
        return false;
    }

    /** The index after the escape at {@code i}: {@code \Q…\E} runs to its {@code \E} or the end. */
    private static int afterEscape(String regex, int i) {
        if (i + 1 < regex.length() && regex.charAt(i + 1) == 'Q') {
            int end = regex.indexOf("\\E", i + 2);
            return end < 0 ? regex.length() : end + 2;
        }
        return Math.min(regex.length(), i + 2);
    }

    /** The index after the character class opening at {@code i} (a {@code ]} first is literal, as are POSIX classes). */
    private static int afterClass(String regex, int i) {
        int j = i + 1;
        if (j < regex.length() && regex.charAt(j) == '^') {
            j++;
        }
        if (j < regex.length() && regex.charAt(j) == ']') {
            j++;
        }
        while (j < regex.length()) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == '[' && j + 1 < regex.length() && regex.charAt(j + 1) == ':') {
                int end = regex.indexOf(":]", j + 2);
                j = end < 0 ? j + 1 : end + 2;
            } else if (c == ']') {
                return j + 1;
            } else {
                j++;
            }
        }
        return regex.length();
    }
}
