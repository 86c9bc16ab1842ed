package ist.spike.nexus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.SqliteSecretStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability: a process writes from 8 threads, is killed with SIGKILL mid-burst, and every write
 * it acknowledged is in the reopened database and decrypts.
 */
class SqliteCrashIT {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        byte[] key = SecretBytes.random(32).revealCopy();
        Path db = dir.resolve("data/spike.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), db.toString(), "8").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        writer.getOutputStream().write(HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
        writer.getOutputStream().close();

        List<String> acked = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acked.add(line.substring(4));
                }
                if (acked.size() == 1500) {
                    // SIGKILL while the other threads are mid-write; keep reading what was already printed.
                    writer.toHandle().destroyForcibly();
                }
            }
        }
        assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).isEqualTo(137);
        assertThat(acked.size()).isGreaterThanOrEqualTo(1500);

        try (SqliteDatabase reopened = SqliteDatabase.open(db)) {
            SecretService secrets = new SecretService(new SqliteSecretStore(reopened, new AesGcm(SecretBytes.copyOf(key))),
                    Clock.systemUTC(), 10);
            for (String path : acked) {
                String[] parts = path.split("/");
                assertThat(secrets.get(path, 0)).as(path).containsEntry("n", parts[2]).containsEntry("thread", parts[1]);
            }
            // Nothing half-written: every stored path has its version row.
            for (String path : secrets.paths()) {
                assertThat(secrets.get(path, 0)).as(path).containsKeys("n", "thread");
            }
        }
    }
}
