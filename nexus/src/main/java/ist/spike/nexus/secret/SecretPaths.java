package ist.spike.nexus.secret;

import ist.spike.core.error.SpikeException;
import java.util.Map;

/**
 * The input rules of upstream SPIKE for secret paths ({@code [a-zA-Z0-9._\-/()?+*|[\]{}\\]}, at most
 * 500 characters) and for value keys and policy names ({@code [a-zA-Z0-9\-_ ]}, at most 250).
 * Checked with plain loops: no regular expression ever runs on user input here.
 */
public final class SecretPaths {
    public static final int MAX_PATH = 500;
    public static final int MAX_NAME = 250;
    private static final String PATH_SYMBOLS = "._-/()?+*|[]{}\\";
    private static final String NAME_SYMBOLS = "-_ ";

    private SecretPaths() {
    }

    public static String requirePath(String path) {
        if (!isValid(path, MAX_PATH, PATH_SYMBOLS)) {
            throw SpikeException.badRequest("a secret path is 1-" + MAX_PATH
                    + " characters of letters, digits and ._-/()?+*|[]{}\\");
        }
        return path;
    }

    public static String requireName(String what, String name) {
        if (!isValid(name, MAX_NAME, NAME_SYMBOLS)) {
            throw SpikeException.badRequest(what + " is 1-" + MAX_NAME + " characters of letters, digits, '-', '_' and spaces");
        }
        return name;
    }

    /** A non-empty map of valid keys to non-null values. */
    public static Map<String, String> requireValues(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            throw SpikeException.badRequest("a secret needs at least one key=value");
        }
        values.forEach((k, v) -> {
            requireName("a value key", k);
            if (v == null) {
                throw SpikeException.badRequest("a value is missing");
            }
        });
        return values;
    }

    private static boolean isValid(String s, int max, String symbols) {
        if (s == null || s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || symbols.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
