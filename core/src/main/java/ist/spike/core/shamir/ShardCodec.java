package ist.spike.core.shamir;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a share, as in recovery files: {@code spike:<id>:<64 lowercase hex>}.
 *
 * <p>Security: errors describe what is wrong with the text, never echo it.
 */
public final class ShardCodec {
    private static final String PREFIX = "spike";
    // The whole text is ours to parse, not user regex: a fixed pattern with bounded repetition.
    private static final Pattern FORM = Pattern.compile("spike:([0-9]{1,9}):([^:]*)");
    private static final HexFormat HEX = HexFormat.of();

    private ShardCodec() {
    }

    public static String encode(Share share) {
        byte[] raw = share.value().revealCopy();
        try {
            return PREFIX + ":" + share.id() + ":" + HEX.formatHex(raw);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    /** Parses the text form; surrounding whitespace is ignored, upper-case hex is accepted. */
    public static Share decode(String text) {
        String trimmed = text.strip();
        Matcher m = FORM.matcher(trimmed);
        if (!m.matches()) {
            throw new InvalidShareException("a shard must look like spike:<id>:<64 hex characters>");
        }
        int id = Integer.parseInt(m.group(1));
        String hex = m.group(2);
        if (hex.length() != 64) {
            throw new InvalidShareException("shard " + id + ": hex part must be 64 characters, got " + hex.length());
        }
        byte[] raw;
        try {
            raw = HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new InvalidShareException("shard " + id + ": hex part has characters that are not hex digits");
        }
        return new Share(id, SecretBytes.takeOwnership(raw));
    }
}
