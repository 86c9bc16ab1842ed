package ist.spike.nexus.storage;

import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.SqliteSecretStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;

/**
 * A process that writes secrets from many threads as fast as it can and prints {@code ack <path>}
 * after each write returned: the writer {@link SqliteCrashIT} kills with SIGKILL mid-burst.
 * Args: database file, thread count. The root key comes on stdin (hex).
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        byte[] key = HexFormat.of().parseHex(new String(System.in.readAllBytes()).strip());
        SqliteDatabase db = SqliteDatabase.open(Path.of(args[0]));
        SecretService secrets = new SecretService(new SqliteSecretStore(db, new AesGcm(SecretBytes.takeOwnership(key))),
                Clock.systemUTC(), 10);
        int threads = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                for (int n = 0; ; n++) {
                    String path = "burst/" + thread + "/" + n;
                    secrets.put(path, Map.of("n", String.valueOf(n), "thread", String.valueOf(thread)));
                    synchronized (out) {
                        out.println("ack " + path);
                        out.flush();
                    }
                }
            }, "writer-" + t).start();
        }
    }
}
