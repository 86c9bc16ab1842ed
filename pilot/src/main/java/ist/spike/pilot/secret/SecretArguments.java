package ist.spike.pilot.secret;

import ist.spike.pilot.failure.PilotException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
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
    /** Nexus takes bodies of up to 1 MiB. */
    static final int MAX_VALUE_BYTES = 1024 * 1024;
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

    /**
     * {@code key=value} arguments as a map; the value is everything after the first {@code =}, or, as
     * Vault reads them, the whole content of a file ({@code key=@FILE}) or of stdin ({@code key=-}),
     * byte for byte, so values need not appear in argv or shell history.
     */
    static Map<String, String> values(List<String> assignments, InputStream stdin) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean stdinRead = false;
        for (int i = 0; i < assignments.size(); i++) {
            String assignment = assignments.get(i);
            int eq = assignment.indexOf('=');
            if (eq < 0) {
                throw PilotException.usage("value " + (i + 1) + " has no '=': give each one as key=value");
            }
            String key = key(assignment.substring(0, eq));
            String value = assignment.substring(eq + 1);
            if (value.equals("-")) {
                if (stdinRead) {
                    throw PilotException.usage("only one value can come from stdin ('-'); read the others from files (key=@FILE)");
                }
                stdinRead = true;
                value = text(key, "stdin", () -> stdin.readNBytes(MAX_VALUE_BYTES + 1));
            } else if (value.startsWith("@")) {
                Path file = Path.of(value.substring(1));
                value = text(key, "file " + file, () -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        return in.readNBytes(MAX_VALUE_BYTES + 1);
                    }
                });
            }
            if (values.put(key, value) != null) {
                throw PilotException.usage("key '" + key + "' is given twice: give each key once");
            }
        }
        return values;
    }

    /** Reads one value; the messages name the key and the source, never the content. */
    private static String text(String key, String source, ByteSource read) {
        byte[] bytes;
        try {
            bytes = read.get();
        } catch (NoSuchFileException e) {
            throw PilotException.usage("the value of '" + key + "' comes from " + source + ", which does not exist");
        } catch (IOException e) {
            throw PilotException.usage("cannot read the value of '" + key + "' from " + source + ": " + e.getMessage());
        }
        try {
            if (bytes.length > MAX_VALUE_BYTES) {
                throw PilotException.usage("the value of '" + key + "' from " + source + " is over "
                        + MAX_VALUE_BYTES / 1024 + " KiB, more than Nexus takes in one request");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw PilotException.usage("the value of '" + key + "' from " + source
                    + " is not UTF-8 text; store binary data base64-encoded");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private interface ByteSource {
        byte[] get() throws IOException;
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
