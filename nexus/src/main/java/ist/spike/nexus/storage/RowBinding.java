package ist.spike.nexus.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The associated data that binds an encrypted value to its row: a domain tag and the row's key
 * fields, each length-prefixed so no two rows can produce the same bytes. A ciphertext moved to
 * another path, version or field then fails to open.
 */
public final class RowBinding {
    private static final String DOMAIN = "spike-nexus/v1";

    private RowBinding() {
    }

    public static byte[] of(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        append(out, DOMAIN);
        for (String f : fields) {
            append(out, f);
        }
        return out.toByteArray();
    }

    private static void append(ByteArrayOutputStream out, String field) {
        byte[] b = field.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }
}
