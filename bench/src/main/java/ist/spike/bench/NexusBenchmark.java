package ist.spike.bench;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * Nexus throughput and latency over mTLS with keep-alive at concurrency 1, 16 and 64, on the memory
 * and sqlite stores, next to their ceilings: a bare TLS 1.3 echo on the same server stack, and raw
 * sqlite-jdbc single-row commits with the same durability. Client and server share the machine.
 */
final class NexusBenchmark {
    private static final int[] CONCURRENCY = {1, 16, 64};
    /**
     * {@code SPIKE_BENCH_NEXUS_ROWS}: a comma-separated list of row-name prefixes to run, each
     * optionally with {@code @concurrency} (for example {@code raw,sqlite put@1}); unset runs every
     * row. Skipped rows print nothing.
     */
    private static final List<RowFilter> ROWS = rowFilter(System.getenv("SPIKE_BENCH_NEXUS_ROWS"));

    private static final long WARMUP_MILLIS = 3_000;
    private static final long MEASURE_MILLIS = 5_000;
    private static final int KEYS = 1_000;
    /** The JVM options of bin/spike-nexus: keep the two the same. */
    static final String NEXUS_JVM_OPTIONS = "-XX:+UseSerialGC -Xmx160m -Xmn32m -Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=96m";

    /** One entry of {@code SPIKE_BENCH_NEXUS_ROWS}: a row-name prefix, and a concurrency or null for any. */
    private record RowFilter(String prefix, Integer concurrency) {
        static RowFilter parse(String entry) {
            int at = entry.lastIndexOf('@');
            if (at < 0 || !entry.substring(at + 1).matches("\\d+")) {
                return new RowFilter(entry, null);
            }
            return new RowFilter(entry.substring(0, at), Integer.valueOf(entry.substring(at + 1)));
        }
    }

    private NexusBenchmark() {
    }

    private static List<RowFilter> rowFilter(String spec) {
        if (spec == null || spec.isBlank()) {
            return List.of();
        }
        return Arrays.stream(spec.split(",")).map(String::trim).filter(r -> !r.isEmpty()).map(RowFilter::parse).toList();
    }

    /** Whether a row named {@code row}, or some row whose name starts with it, is to run. */
    private static boolean wanted(String row) {
        return ROWS.isEmpty() || ROWS.stream().anyMatch(r -> row.startsWith(r.prefix()) || r.prefix().startsWith(row));
    }

    private static boolean wanted(String row, int concurrency) {
        return ROWS.isEmpty() || ROWS.stream().anyMatch(r -> row.startsWith(r.prefix())
                && (r.concurrency() == null || r.concurrency() == concurrency));
    }

    static void run() throws Exception {
        System.out.println("# nexus benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, each row: "
                + WARMUP_MILLIS + " ms warm-up + " + MEASURE_MILLIS + " ms, twice, the second reported)");
        System.out.println(String.format(Locale.ROOT, "%-34s %6s %10s %9s %9s", "scenario", "conc", "ops/s", "p50 ms", "p99 ms"));
        if (wanted("raw")) {
            rawSqliteCommits("raw sqlite-jdbc commit (ceiling)");
        }
        if (wanted("sqlite store")) {
            inProcessStore(1);
            inProcessStore(16);
        }
        try (LocalAgent agent = LocalAgent.start(); X509Source pilot = agent.source(agent.pilotSocket())) {
            agent.source(agent.socket("nexus")).close();
            SSLContext context = MtlsContexts.create(pilot, TrustRoots.single("spike.ist").anyOf(SpiffeRole.NEXUS));
            // This JVM is also the load generator: warm its HTTP client on a throwaway echo server
            // first, so the first measured rows are not paying for the client's JIT.
            serve(agent, "warm-up", context);
            for (String mode : List.of("memory", "sqlite", "echo", "rewrap")) {
                if (wanted(mode.equals("echo") ? "tls echo" : mode + " ")) {
                    serve(agent, mode, context);
                }
            }
        }
        if (wanted("raw")) {
            // The disk's fsync latency drifts on a shared machine: measured again after the load,
            // so a reader can see whether the ceiling moved during the run.
            rawSqliteCommits("raw sqlite-jdbc commit (again, end)");
        }
    }

    static void rawSqliteCommits(String name) throws Exception {
        Path dir = Files.createTempDirectory("spike-bench-sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)");
            }
            c.setAutoCommit(false);
            byte[] value = new byte[120];
            try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO t VALUES (?, ?)")) {
                // Timed like every other row: warm-up, then the measured window, twice.
                long[] latencies = new long[2_000_000];
                for (int pass = 0; pass < 2; pass++) {
                    int count = 0;
                    long warmUpEnd = System.nanoTime() + WARMUP_MILLIS * 1_000_000;
                    long end = warmUpEnd + MEASURE_MILLIS * 1_000_000;
                    for (int i = 0; ; i++) {
                        long t0 = System.nanoTime();
                        if (t0 >= end || count == latencies.length) {
                            break;
                        }
                        p.setString(1, "k" + (i % KEYS));
                        p.setBytes(2, value);
                        p.executeUpdate();
                        c.commit();
                        if (t0 >= warmUpEnd) {
                            latencies[count++] = System.nanoTime() - t0;
                        }
                    }
                    if (pass == 1) {
                        long[] measured = Arrays.copyOf(latencies, count);
                        print(name, 1, count / (MEASURE_MILLIS / 1000.0), measured);
                    }
                }
            }
        }
    }

    /** Nexus's SQLite secret store alone (no HTTP, no TLS): where a put's time goes. */
    private static void inProcessStore(int concurrency) throws Exception {
        Path dir = Files.createTempDirectory("spike-bench-store");
        try (ist.spike.nexus.storage.SqliteDatabase db = ist.spike.nexus.storage.SqliteDatabase.open(dir.resolve("spike.db"))) {
            ist.spike.nexus.secret.SecretService secrets = new ist.spike.nexus.secret.SecretService(
                    new ist.spike.nexus.secret.SqliteSecretStore(db, new ist.spike.core.crypto.AesGcm(
                            ist.spike.core.crypto.SecretBytes.random(32))), java.time.Clock.systemUTC(), 10);
            java.util.Map<String, String> values = java.util.Map.of("user", "u", "password", "p");
            for (int i = 0; i < KEYS; i++) {
                secrets.put("bench/k" + i, values);
            }
            int perThread = 4000 / concurrency;
            long[] latencies = new long[perThread * concurrency];
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < concurrency; t++) {
                int base = t * perThread;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long t0 = System.nanoTime();
                        secrets.put("bench/k" + key(), values);
                        latencies[base + i] = System.nanoTime() - t0;
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            print("sqlite store put, in-process", concurrency, latencies.length / seconds, latencies);
            long getStart = System.nanoTime();
            long[] gets = new long[4000];
            for (int i = 0; i < gets.length; i++) {
                long t0 = System.nanoTime();
                secrets.get("bench/k" + key(), 0);
                gets[i] = System.nanoTime() - t0;
            }
            if (concurrency == 1) {
                print("sqlite store get, in-process", 1, gets.length / ((System.nanoTime() - getStart) / 1e9), gets);
            }
        }
    }

    private static void serve(LocalAgent agent, String mode, SSLContext context) throws Exception {
        int port = freePortPair();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(List.of(NEXUS_JVM_OPTIONS.split(" ")));
        // SPIKE_BENCH_SERVER_OPTS: extra JVM options for the server processes (a profiler, say).
        String extra = System.getenv("SPIKE_BENCH_SERVER_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().replace("{mode}", mode).split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchNexusMain.class.getName(), mode, String.valueOf(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOME", agent.home().toString());
        pb.environment().put("SPIFFE_ENDPOINT_SOCKET", "unix://" + agent.socket("nexus"));
        pb.environment().put("SPIKE_AUDIT_LOG_LEVEL", "OFF");
        Process server = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("ready")) {
                line = out.readLine(); // a profiler from SPIKE_BENCH_SERVER_OPTS may print first
            }
            if (line == null) {
                throw new IllegalStateException(mode + " server did not start");
            }
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // keep the child's stdout pipe from filling up
                    }
                } catch (java.io.IOException ignored) {
                    // child gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            HttpClient http = HttpClient.newBuilder().sslContext(context).sslParameters(MtlsContexts.parameters(context, false))
                    .version(HttpClient.Version.HTTP_1_1).build();
            URI base = URI.create("https://localhost:" + port);
            if (mode.equals("warm-up")) {
                warmUp(http, () -> post(base, "/echo", "{\"path\":\"bench/k" + key() + "\"}"));
                load(null, 1, http, () -> post(base, "/echo", "{\"path\":\"bench/k" + key() + "\"}"));
            } else if (mode.equals("rewrap")) {
                rewrapRows(http, base, port + 1);
            } else if (mode.equals("echo")) {
                warmUp(http, () -> post(base, "/echo", "{\"path\":\"bench/k" + key() + "\"}"));
                for (int c : CONCURRENCY) {
                    load("tls echo (ceiling)", c, http, () -> post(base, "/echo", "{\"path\":\"bench/k" + key() + "\"}"));
                }
            } else {
                for (int i = 0; i < KEYS; i++) {
                    put(base, http, i);
                }
                warmUp(http, () -> post(base, "/v1/store/secrets?action=get", "{\"path\":\"bench/k" + key() + "\"}"));
                for (int c : CONCURRENCY) {
                    load(mode + " get", c, http, () -> post(base, "/v1/store/secrets?action=get", "{\"path\":\"bench/k" + key() + "\"}"));
                }
                for (int c : CONCURRENCY) {
                    load(mode + " put", c, http, () -> post(base, "/v1/store/secrets",
                            "{\"path\":\"bench/k" + key() + "\",\"values\":{\"user\":\"u\",\"password\":\"" + key() + "\"}}"));
                }
                System.out.println(String.format(Locale.ROOT, "%-34s %s", mode + " nexus RSS after load",
                        rss(server.pid())));
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Get and put at 16 on a store of {@code BenchNexusMain.REWRAP_ROWS} rows, without and then during a
     * rewrap ({@code spike operator rotate --rewrap}), and the rewrap's rate while serving.
     */
    private static void rewrapRows(HttpClient http, URI base, int healthPort) throws Exception {
        for (int i = 0; i < KEYS; i++) {
            put(base, http, i);
        }
        java.util.function.Supplier<HttpRequest> get = () -> post(base, "/v1/store/secrets?action=get",
                "{\"path\":\"bench/k" + key() + "\"}");
        java.util.function.Supplier<HttpRequest> putOne = () -> post(base, "/v1/store/secrets",
                "{\"path\":\"bench/k" + key() + "\",\"values\":{\"user\":\"u\",\"password\":\"" + key() + "\"}}");
        warmUp(http, get);
        load("rewrap: sqlite get, no rewrap", 16, http, get);
        load("rewrap: sqlite put, no rewrap", 16, http, putOne);
        HttpResponse<String> rotated = http.send(post(base, "/v1/operator/rotate", "{\"rewrap\":true}"),
                HttpResponse.BodyHandlers.ofString());
        if (rotated.statusCode() != 200) {
            throw new IllegalStateException("rotate failed: " + rotated.statusCode() + " " + rotated.body());
        }
        HttpClient plain = HttpClient.newHttpClient();
        long r0 = rewrapRemaining(plain, healthPort);
        while (r0 <= 0) {
            Thread.sleep(20);
            r0 = rewrapRemaining(plain, healthPort);
        }
        long t0 = System.nanoTime();
        load("rewrap: sqlite get, rewrap running", 16, http, get);
        long afterGets = rewrapRemaining(plain, healthPort);
        load("rewrap: sqlite put, rewrap running", 16, http, putOne);
        long r1 = rewrapRemaining(plain, healthPort);
        System.out.println(String.format(Locale.ROOT, "%-34s %6s %10s   (%d rows at the start, %d after the get row,"
                + " %d after the put row)", "rewrap: rows left", "", "", r0, afterGets, r1));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println(String.format(Locale.ROOT, "%-34s %6s %10.0f   (%d rows re-sealed while serving in %.1f s%s)",
                "rewrap: rows/s while serving", "16", (r0 - r1) / seconds, r0 - r1, seconds,
                r1 == 0 ? "; it finished inside the window: the rate is a lower bound" : ""));
        if (r1 > 0) {
            long t1 = System.nanoTime();
            while (rewrapRemaining(plain, healthPort) > 0) {
                Thread.sleep(100);
            }
            double rest = (System.nanoTime() - t1) / 1e9;
            System.out.println(String.format(Locale.ROOT, "%-34s %6s %10.0f   (%d rows, idle, %.1f s)",
                    "rewrap: rows/s, no other load", "-", r1 / Math.max(rest, 1e-9), r1, rest));
        }
    }

    private static long rewrapRemaining(HttpClient plain, int healthPort) throws Exception {
        String body = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"rewrap\":\\{\"remaining\":(\\d+)}").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static int key() {
        return ThreadLocalRandom.current().nextInt(KEYS);
    }

    private static HttpRequest post(URI base, String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void put(URI base, HttpClient http, int i) throws Exception {
        HttpResponse<String> r = http.send(post(base, "/v1/store/secrets",
                "{\"path\":\"bench/k" + i + "\",\"values\":{\"user\":\"u\",\"password\":\"p" + i + "\"}}"), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("preload failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** Lets both JITs compile the hot paths before anything is measured (nothing printed). */
    private static void warmUp(HttpClient http, java.util.function.Supplier<HttpRequest> request) throws Exception {
        load(null, 16, http, request);
    }

    /**
     * One row: measured twice, the second reported. The first pass of a new request shape stays
     * slow for its whole window even after a warm-up (seen: 1,519 then 3,453 ops/s for the same row).
     */
    private static void load(String name, int concurrency, HttpClient http, java.util.function.Supplier<HttpRequest> request)
            throws Exception {
        if (name != null && !wanted(name, concurrency)) {
            return;
        }
        if (name != null) {
            measure(null, concurrency, http, request);
        }
        measure(name, concurrency, http, request);
    }

    private static void measure(String name, int concurrency, HttpClient http, java.util.function.Supplier<HttpRequest> request)
            throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[concurrency];
        List<Thread> threads = new ArrayList<>();
        int[] failures = new int[1];
        for (int t = 0; t < concurrency; t++) {
            long[] samples = new long[2_000_000 / concurrency];
            perThread.add(samples);
            int index = t;
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(request.get(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                            synchronized (failures) {
                                failures[0]++;
                            }
                        }
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures[0]++;
                        }
                    }
                    if (measuring.get() && counts[index] < samples.length) {
                        samples[counts[index]++] = System.nanoTime() - t0;
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(WARMUP_MILLIS);
        measuring.set(true);
        Thread.sleep(MEASURE_MILLIS);
        measuring.set(false);
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        if (name != null) {
            print(name + (failures[0] > 0 ? " (" + failures[0] + " failed)" : ""), concurrency, total / (MEASURE_MILLIS / 1000.0), all);
        }
    }

    private static void print(String name, int concurrency, double opsPerSecond, long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        double p50 = sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
        double p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6;
        System.out.println(String.format(Locale.ROOT, "%-34s %6d %10.0f %9.2f %9.2f", name, concurrency, opsPerSecond, p50, p99));
    }

    private static String rss(long pid) {
        return Measure.procStatus(pid, "VmRSS") + ", peak " + Measure.procStatus(pid, "VmHWM");
    }

    /** Two consecutive free ports (API and health). */
    private static int freePortPair() throws Exception {
        for (int i = 0; i < 50; i++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            try (ServerSocket s = new ServerSocket(p + 1)) {
                return p;
            } catch (java.io.IOException busy) {
                // try another
            }
        }
        throw new IllegalStateException("no free port pair");
    }
}
