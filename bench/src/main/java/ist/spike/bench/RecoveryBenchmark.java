package ist.spike.bench;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.Empty;
import ist.spike.core.api.OperatorMessages.RecoverResponse;
import ist.spike.core.api.OperatorMessages.RestoreRequest;
import ist.spike.core.api.OperatorMessages.RestoreResponse;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.crypto.SecretBytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The recovery figures of a local SPIKE started with {@code hack/start.sh} under a temporary HOME:
 * Nexus process start to READY with Keepers up, Keeper restart to hydrated, the T-th restore shard
 * to READY with every Keeper hydrated, and the processes' RSS.
 */
final class RecoveryBenchmark {
    private static final int ROUNDS = 5;

    private final LocalSpike spike;

    private RecoveryBenchmark() throws Exception {
        spike = new LocalSpike("spike-bench-recovery");
    }

    static void run() throws Exception {
        new RecoveryBenchmark().measure();
    }

    private void measure() throws Exception {
        System.out.println("# recovery benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + ROUNDS + " rounds each; local SPIKE from hack/start.sh under " + spike.home + ")");
        argon2id();
        spike.sh("hack/start.sh");
        try {
            nexusStartToReady();
            keeperRestartToHydrated();
            rss();
            restoreToReady();
        } finally {
            spike.sh("hack/stop.sh");
        }
    }

    /** The passphrase escrow's derivation with its parameters, in this JVM (one core, 64 MiB). */
    private static void argon2id() {
        byte[] passphrase = "correct horse battery staple".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = new byte[16];
        long[] millis = new long[ROUNDS];
        for (int i = -1; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            ist.spike.nexus.recovery.PassphraseEscrow.argon2id(passphrase, salt,
                    ist.spike.nexus.recovery.PassphraseEscrow.MEMORY_KIB, ist.spike.nexus.recovery.PassphraseEscrow.ITERATIONS,
                    ist.spike.nexus.recovery.PassphraseEscrow.PARALLELISM);
            if (i >= 0) {
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
        }
        Measure.printMillis("Argon2id derivation (64 MiB, 3 passes, 1 lane)", millis);
    }

    private void nexusStartToReady() throws Exception {
        long[] millis = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            spike.kill9("nexus");
            long t0 = System.nanoTime();
            spike.startNexus();
            spike.awaitStatus("\"state\":\"READY\"", Duration.ofSeconds(30));
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Measure.printMillis("nexus process start to READY (keepers up, JVM start included)", millis);
    }

    private void keeperRestartToHydrated() throws Exception {
        long[] millis = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            spike.kill9("keeper-2");
            spike.awaitStatus("{\"id\":2,", Duration.ofSeconds(1));
            spike.awaitStatusMissing("\"holdsShard\":true},{\"id\":3", Duration.ofSeconds(15));
            long t0 = System.nanoTime();
            spike.sh("hack/start.sh", "keeper-2");
            spike.awaitStatus("\"holdsShard\":true},{\"id\":3", Duration.ofSeconds(30));
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        Measure.printMillis("keeper restart (hack/start.sh) to hydrated", millis);
    }

    private void restoreToReady() throws Exception {
        spike.sh("hack/spire-server-entry-recover-register.sh");
        List<SecretBytes> shards = new ArrayList<>();
        try (X509Source pilot = spike.awaitRole("recover")) {
            RecoverResponse recovered = spike.client(pilot).post("/v1/operator/recover", null, Empty.INSTANCE, RecoverResponse.class);
            for (int i = 1; i <= 3; i++) {
                shards.add(recovered.shards().get(String.valueOf(i)));
            }
        }
        spike.sh("hack/spire-server-entry-restore-register.sh");
        long[] millis = new long[3];
        for (int round = 0; round < millis.length; round++) {
            for (String piece : List.of("nexus", "keeper-1", "keeper-2", "keeper-3")) {
                spike.kill9(piece);
            }
            spike.sh("hack/start.sh");
            spike.awaitStatus("\"state\":\"RESTORE_REQUIRED\"", Duration.ofSeconds(30));
            try (X509Source pilot = spike.awaitRole("restore")) {
                MtlsJsonClient client = spike.client(pilot);
                client.post("/v1/operator/restore", null, new RestoreRequest(1, shards.get(0)), RestoreResponse.class);
                long t0 = System.nanoTime();
                RestoreResponse last = client.post("/v1/operator/restore", null, new RestoreRequest(3, shards.get(2)),
                        RestoreResponse.class);
                if (!last.restored()) {
                    throw new IllegalStateException("the second shard did not restore");
                }
                spike.awaitStatus("\"holdsShard\":true},{\"id\":2", Duration.ofSeconds(10));
                spike.awaitStatus("\"holdsShard\":true},{\"id\":3", Duration.ofSeconds(10));
                spike.awaitStatusMissing("\"holdsShard\":false", Duration.ofSeconds(10));
                millis[round] = (System.nanoTime() - t0) / 1_000_000;
            }
        }
        spike.sh("hack/spire-server-entry-su-register.sh");
        Measure.printMillis("T-th restore shard to READY with all keepers hydrated", millis);
    }

    private void rss() throws Exception {
        for (String piece : List.of("nexus", "keeper-1", "agent")) {
            long pid = spike.pid(piece);
            System.out.println(String.format(Locale.ROOT, "%-58s %s", piece + " RSS, idle",
                    Measure.procStatus(pid, "VmRSS")));
        }
    }
}
