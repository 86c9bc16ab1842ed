package ist.spike.bench;

import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.SecretMessages;
import ist.spike.core.client.MtlsJsonClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nexus on the wire, measured by an independent client: {@code bench/go} (Go's standard library,
 * HTTP/1.1, TLS 1.3 with the Pilot superuser SVID) against a local SPIKE from {@code hack/start.sh}
 * (SQLite, durable), next to a Go TLS 1.3 echo server on the Nexus SVID — the ceiling of any Go
 * server, that is of upstream's stack. Rows: keep-alive gets, a full handshake per request, a
 * resumed TLS 1.3 session per request, durable puts next to raw SQLite commits. Each row is warmed
 * up first; the server's CPU per request comes from {@code /proc}.
 *
 * <p>Needs Go ({@code apt-get install golang-go}). {@code SPIKE_BENCH_WIRE_ROWS=get,newconn,resumed,put,jdk}
 * picks rows ({@code jdk}: Nexus restarted with {@code SPIKE_TLS_ENGINE=jdk} for three rows more; {@code runtime}:
 * Nexus restarted on a newer JDK, {@code SPIKE_BENCH_WIRE_JAVA_HOME} or the newest Temurin in /usr/lib/jvm, two rows more), {@code SPIKE_BENCH_WIRE_WARM} and {@code SPIKE_BENCH_WIRE_MEASURE} (Go durations, default
 * 3s and 5s) time them, {@code SPIKE_BENCH_WIRE_ROUNDS} (default 3) sets how often each row against the echo
 * alternates the two servers (medians reported, with the spread of the ratio).
 */
final class WireBenchmark {
    private static final String TRUST_DOMAIN = "spike.ist";
    private static final Pattern RESULT = Pattern.compile("rate=(\\d+) p50=([\\d.]+) p99=([\\d.]+) errors=(\\d+)");
    private static final List<String> ROWS = List.of(env("SPIKE_BENCH_WIRE_ROWS", "get,newconn,resumed,put,jdk,runtime").split(","));
    private static final String WARM = env("SPIKE_BENCH_WIRE_WARM", "3s");
    private static final String MEASURE = env("SPIKE_BENCH_WIRE_MEASURE", "5s");
    /** Nexus and echo are measured in turn this many times per row: a shared machine drifts by ±10 % between runs. */
    private static final int ROUNDS = Integer.parseInt(env("SPIKE_BENCH_WIRE_ROUNDS", "3"));

    private final LocalSpike spike;
    private final Path wire;
    private Path tool;

    private WireBenchmark() throws Exception {
        spike = new LocalSpike("spike-bench-wire");
        wire = Files.createDirectory(spike.home.resolve("wire"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    static void run() throws Exception {
        new WireBenchmark().measure();
    }

    private void measure() throws Exception {
        tool = buildGoTool();
        System.out.println("# wire benchmark (" + Runtime.getRuntime().availableProcessors() + " cores; client: bench/go, "
                + "Go's standard library; each row " + WARM + " warm-up + " + MEASURE + "; local SPIKE under " + spike.home + ")");
        spike.sh("hack/start.sh");
        Process echo = null;
        try {
            spike.awaitStatus("\"state\":\"READY\"", Duration.ofSeconds(60));
            try (X509Source pilot = spike.awaitRole("superuser")) {
                writeIdentity("pilot", pilot);
                preload(spike.client(pilot));
            }
            try (X509Source nexus = io.spiffe.workloadapi.DefaultX509Source.newSource(
                    io.spiffe.workloadapi.DefaultX509Source.X509SourceOptions.builder()
                            .spiffeSocketPath("unix://" + spike.home.resolve(".spike/agent/nexus.sock")).build())) {
                writeIdentity("nexus", nexus);
            }
            echo = new ProcessBuilder(tool.toString(), "echo", "-addr", "127.0.0.1:0", "-cert", wire.resolve("nexus-svid.pem").toString(),
                    "-key", wire.resolve("nexus-key.pem").toString(), "-bundle", wire.resolve("bundle.pem").toString())
                    .redirectErrorStream(true).start();
            String listening = new BufferedReader(new InputStreamReader(echo.getInputStream(), StandardCharsets.UTF_8)).readLine();
            String echoUrl = "https://" + listening.substring(listening.lastIndexOf(' ') + 1);
            String nexusUrl = "https://127.0.0.1:" + spike.apiPort;
            long nexusPid = spike.pid("nexus");

            // The JIT's warm-up of both servers, not reported: a few seconds per row are not enough for
            // the first rows of a fresh JVM.
            load(nexusUrl, nexusPid, 8, List.of("-mode", "get", "-d", "8s"));
            load(nexusUrl, nexusPid, 4, List.of("-mode", "get", "-new-conn", "-d", "4s"));
            load(echoUrl, echo.pid(), 8, List.of("-mode", "get", "-d", "2s"));
            System.out.println("# rows against the echo: " + ROUNDS + " rounds of Nexus then echo; the medians, and the lowest and"
                    + " highest ratio of a round");
            System.out.println(String.format(Locale.ROOT, "%-36s %4s %9s %7s %7s %9s %8s %7s %9s %9s %9s %7s %7s", "what", "conc",
                    "nexus/s", "p50 ms", "p99 ms", "echo/s", "p50 ms", "nx/echo", "range", "nx CPU µs", "echo CPU µs", "nx cs", "echo cs"));
            if (ROWS.contains("get")) {
                for (int c : new int[] {1, 16, 64}) {
                    compare("secret get, keep-alive", c, List.of("-mode", "get"), nexusUrl, nexusPid, echoUrl, echo.pid());
                }
            }
            if (ROWS.contains("newconn")) {
                for (int c : new int[] {2, 8}) {
                    compare("get, new connection (full handshake)", c, List.of("-mode", "get", "-new-conn"), nexusUrl, nexusPid,
                            echoUrl, echo.pid());
                }
            }
            if (ROWS.contains("resumed")) {
                for (int c : new int[] {2, 8}) {
                    compare("get, new connection, resumed TLS", c, List.of("-mode", "get", "-new-conn", "-resume"), nexusUrl,
                            nexusPid, echoUrl, echo.pid());
                }
            }
            if (ROWS.contains("put")) {
                // The disk's fsync latency drifts on a shared machine: the ceiling is measured on both
                // sides of the puts, so a reader sees whether it moved.
                NexusBenchmark.rawSqliteCommits("raw sqlite-jdbc commit (ceiling, conc 1)");
                for (int c : new int[] {16, 64}) {
                    print("durable put", c, load(nexusUrl, nexusPid, c, List.of("-mode", "put")), null, "", "");
                }
                NexusBenchmark.rawSqliteCommits("raw sqlite-jdbc commit (again, after)");
            }
            System.out.println(String.format(Locale.ROOT, "%-36s %s", "nexus RSS after load", Measure.procStatus(nexusPid, "VmRSS")));
            if (ROWS.contains("jdk")) {
                // The TLS lever: the same rows with Nexus restarted on the JDK's TLS.
                spike.kill9("nexus");
                spike.env.put("SPIKE_TLS_ENGINE", "jdk");
                Process jdk = spike.startNexus();
                spike.awaitStatus("\"state\":\"READY\"", Duration.ofSeconds(60));
                load(nexusUrl, jdk.pid(), 8, List.of("-mode", "get", "-d", "8s"));
                load(nexusUrl, jdk.pid(), 4, List.of("-mode", "get", "-new-conn", "-d", "4s"));
                compare("JDK TLS: get, keep-alive", 16, List.of("-mode", "get"), nexusUrl, jdk.pid(), echoUrl, echo.pid());
                compare("JDK TLS: get, full handshake", 8, List.of("-mode", "get", "-new-conn"), nexusUrl, jdk.pid(),
                        echoUrl, echo.pid());
                compare("JDK TLS: get, resumed TLS", 8, List.of("-mode", "get", "-new-conn", "-resume"), nexusUrl, jdk.pid(),
                        echoUrl, echo.pid());
            }
            if (ROWS.contains("runtime")) {
                runtimeRows(nexusUrl, echoUrl, echo.pid());
            }
        } finally {
            if (echo != null) {
                echo.destroy();
            }
            spike.sh("hack/stop.sh");
            deleteTree(wire);
        }
    }

    /**
     * The runtime lever: Nexus restarted on a newer JDK ({@code SPIKE_BENCH_WIRE_JAVA_HOME}, else the
     * newest Temurin under /usr/lib/jvm), BoringSSL TLS, the same jars.
     */
    private void runtimeRows(String nexusUrl, String echoUrl, long echoPid) throws Exception {
        Path javaHome = newerRuntime();
        if (javaHome == null) {
            System.out.println("# runtime rows skipped: no newer JDK found (set SPIKE_BENCH_WIRE_JAVA_HOME)");
            return;
        }
        String version = Files.readAllLines(javaHome.resolve("release")).stream()
                .filter(l -> l.startsWith("JAVA_VERSION=")).map(l -> l.substring(13).replace("\"", "")).findFirst().orElse("?");
        spike.kill9("nexus");
        spike.env.put("SPIKE_TLS_ENGINE", "boringssl");
        spike.env.put("PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"));
        try {
            Process newer = spike.startNexus();
            spike.awaitStatus("\"state\":\"READY\"", Duration.ofSeconds(60));
            load(nexusUrl, newer.pid(), 8, List.of("-mode", "get", "-d", "8s"));
            load(nexusUrl, newer.pid(), 4, List.of("-mode", "get", "-new-conn", "-d", "4s"));
            compare("Java " + version + ": get, keep-alive", 16, List.of("-mode", "get"), nexusUrl, newer.pid(), echoUrl, echoPid);
            compare("Java " + version + ": get, full handshake", 8, List.of("-mode", "get", "-new-conn"), nexusUrl, newer.pid(),
                    echoUrl, echoPid);
        } finally {
            spike.env.remove("PATH");
        }
    }

    private static Path newerRuntime() throws Exception {
        String chosen = System.getenv("SPIKE_BENCH_WIRE_JAVA_HOME");
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (var dirs = Files.list(jvms)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("temurin-")
                            && Files.isExecutable(d.resolve("bin/java")) && Files.exists(d.resolve("release")))
                    .max(java.util.Comparator.comparing(d -> d.getFileName().toString())).orElse(null);
        }
    }

    private record Result(int rate, double p50, double p99, int errors, double cpuMicrosPerOp, double switchesPerOp, String raw) {
    }

    private void compare(String what, int concurrency, List<String> mode, String nexusUrl, long nexusPid, String echoUrl,
                         long echoPid) throws Exception {
        List<Result> nexus = new ArrayList<>();
        List<Result> echo = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            nexus.add(load(nexusUrl, nexusPid, concurrency, mode));
            echo.add(load(echoUrl, echoPid, concurrency, mode));
            ratios.add(100.0 * nexus.get(round).rate() / Math.max(1, echo.get(round).rate()));
        }
        ratios.sort(null);
        String range = Math.round(ratios.get(0)) + "–" + Math.round(ratios.get(ratios.size() - 1)) + " %";
        print(what, concurrency, median(nexus), median(echo), Math.round(ratios.get(ratios.size() / 2)) + " %", range);
    }

    /** The round with the median rate. */
    private static Result median(List<Result> rounds) {
        List<Result> sorted = new ArrayList<>(rounds);
        sorted.sort(java.util.Comparator.comparingInt(Result::rate));
        return sorted.get(sorted.size() / 2);
    }

    private static void print(String what, int concurrency, Result nexus, Result echo, String ratio, String range) {
        System.out.println(String.format(Locale.ROOT, "%-36s %4d %9d %7.2f %7.2f %9s %8s %7s %9s %9.0f %9s %7.2f %7s", what,
                concurrency, nexus.rate(), nexus.p50(), nexus.p99(),
                echo == null ? "" : String.valueOf(echo.rate()), echo == null ? "" : String.format(Locale.ROOT, "%.2f", echo.p50()),
                ratio, range, nexus.cpuMicrosPerOp(),
                echo == null ? "" : String.format(Locale.ROOT, "%.0f", echo.cpuMicrosPerOp()), nexus.switchesPerOp(),
                echo == null ? "" : String.format(Locale.ROOT, "%.2f", echo.switchesPerOp())));
        for (Result r : echo == null ? List.of(nexus) : List.of(nexus, echo)) {
            if (r.errors() > 0 || r.raw().contains("first_error")) {
                System.out.println("    errors: " + r.raw());
            }
        }
    }

    /** One row: the Go client run against {@code url}, the server's CPU time read around the measured part. */
    private Result load(String url, long serverPid, int concurrency, List<String> mode) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "load", "-url", url, "-c", String.valueOf(concurrency),
                "-warm", WARM, "-d", MEASURE, "-cert", wire.resolve("pilot-svid.pem").toString(),
                "-key", wire.resolve("pilot-key.pem").toString(), "-bundle", wire.resolve("bundle.pem").toString()));
        cmd.addAll(mode);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long warmMillis = Duration.parse("PT" + WARM.toUpperCase(Locale.ROOT)).toMillis();
        long measureMillis = Duration.parse("PT" + MEASURE.toUpperCase(Locale.ROOT)).toMillis();
        Thread.sleep(warmMillis + 100);
        long cpu0 = cpuMillis(serverPid);
        long switches0 = contextSwitches(serverPid);
        Thread.sleep(measureMillis - 200);
        long cpu1 = cpuMillis(serverPid);
        long switches1 = contextSwitches(serverPid);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("the load client failed: " + out);
        }
        Matcher m = RESULT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("unexpected load client output: " + out);
        }
        int rate = Integer.parseInt(m.group(1));
        double ops = rate * (measureMillis - 200) / 1000.0;
        return new Result(rate, Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), Integer.parseInt(m.group(4)),
                ops == 0 ? 0 : (cpu1 - cpu0) * 1000.0 / ops, ops == 0 ? 0 : (switches1 - switches0) / ops, out);
    }

    /** Context switches (voluntary and not) of all threads of a process so far. */
    private static long contextSwitches(long pid) throws Exception {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                } catch (java.io.IOException threadEnded) {
                    // A thread that ended meanwhile: its switches are gone from the count either way.
                }
            }
        }
        return total;
    }

    /** utime + stime of a process, in milliseconds (clock ticks of 10 ms on Linux). */
    private static long cpuMillis(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    private static void preload(MtlsJsonClient client) {
        for (int i = 0; i < 1000; i++) {
            client.post("/v1/store/secrets", null, new SecretMessages.PutRequest("bench/k" + i,
                    Map.of("user", "u", "password", String.valueOf(i))), ist.spike.core.api.Empty.class);
        }
    }

    /** The SVID and bundle as PEM files for the Go tool, readable by this user only. */
    private void writeIdentity(String name, X509Source source) throws Exception {
        X509Svid svid = source.getX509Svid();
        StringBuilder chain = new StringBuilder();
        for (Certificate c : svid.getChainArray()) {
            chain.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Files.writeString(wire.resolve(name + "-svid.pem"), chain);
        Files.writeString(wire.resolve(name + "-key.pem"), pem("PRIVATE KEY", svid.getPrivateKey().getEncoded()));
        X509Bundle bundle = source.getBundleForTrustDomain(TrustDomain.parse(TRUST_DOMAIN));
        StringBuilder roots = new StringBuilder();
        for (Certificate c : bundle.getX509Authorities()) {
            roots.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Files.writeString(wire.resolve("bundle.pem"), roots);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Builds bench/go into bench/target (offline: the tool uses Go's standard library only). */
    private static Path buildGoTool() throws Exception {
        Path source = LocalAgent.REPO.resolve("bench/go");
        Path target = LocalAgent.REPO.resolve("bench/target");
        Path binary = target.resolve("spike-wire");
        ProcessBuilder pb = new ProcessBuilder("go", "build", "-o", binary.toString(), ".").directory(source.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = new LinkedHashMap<>(Map.of("GOCACHE", target.resolve("go-cache").toString(),
                "GOPATH", target.resolve("go-path").toString(), "GOFLAGS", "-mod=mod", "GOPROXY", "off",
                "GOTOOLCHAIN", "local", "CGO_ENABLED", "0"));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the wire benchmark needs Go to build its load client: apt-get install golang-go");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("go build of bench/go failed: " + out);
        }
        return binary;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
