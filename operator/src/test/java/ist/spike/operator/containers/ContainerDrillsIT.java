package ist.spike.operator.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.Empty;
import ist.spike.core.api.SecretMessages;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.core.testing.SpikeSystem;
import ist.spike.operator.manifests.ClusterIdentities;
import ist.spike.operator.manifests.KeeperManifests;
import ist.spike.operator.manifests.NexusManifests;
import ist.spike.operator.manifests.PilotManifests;
import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.model.SpikeClusterSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPIKE's images on a real Docker engine: three Keeper containers and a Nexus container run with
 * exactly the pod security the operator writes (read from its manifests, not copied: user 10001, a
 * read-only root, no capabilities, no privilege escalation) plus a noexec {@code /tmp}, the dev agent
 * on the host serving each container its SPIFFE ID through a mounted socket directory, as the SPIFFE
 * CSI driver does, and Pilot both on the host (plain role IDs, switched by the hack/ scripts) and as
 * the operator's Pilot pod, used as {@code kubectl exec} uses it (its cluster's own IDs, switched as a
 * ClusterSPIFFEID change makes SPIRE switch them). The seed's drills: Nexus killed and restarted, a
 * Keeper killed and restarted, every process killed and {@code spike restore} from recovery files.
 * Host networking, loopback only. Skipped where no Docker engine runs ({@code .ci/run} starts one).
 */
class ContainerDrillsIT {
    private static final String NS = "drill";
    private static final String NAME = "vault";
    private static final int KEEPERS = 3;
    private static final String SECRET = "correct-horse-battery-staple";
    private static final String PILOT = NAME + "-pilot";

    private static Path work;
    private static SpikeSystem system;
    private static SpikeCluster cluster;
    private static Map<String, String> pilotEnv;
    private static int nexusHealth;
    private static final int[] keeperHealth = new int[KEEPERS];
    private static final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Docker.available(), "no Docker engine runs here");
        assumeTrue("root".equals(System.getProperty("user.name")), "the dev agent runs as the images' user, 10001");
        Docker.buildImages();

        work = Files.createTempDirectory("spike-containers");
        Docker.chownToImageUser(work);
        system = new SpikeSystem(work);
        cluster = new SpikeCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(NAME).build());
        cluster.setSpec(new SpikeClusterSpec());
        // The host's Pilot has the plain role IDs, which this cluster's Nexus then accepts too.
        cluster.getSpec().getPilot().setAcceptPlainRoleIds(true);
        startAgent();

        int nexusApi = SpikeSystem.freePort();
        nexusHealth = SpikeSystem.freePort();
        pilotEnv = Map.of("SPIFFE_ENDPOINT_SOCKET", "unix://" + socketDir("pilot").resolve("spire-agent.sock"),
                "SPIKE_NEXUS_API_URL", "https://localhost:" + nexusApi);
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < KEEPERS; i++) {
            int tls = SpikeSystem.freePort();
            keeperHealth[i] = SpikeSystem.freePort();
            peers.add("https://localhost:" + tls);
            containers.add(Docker.run(keeperPod(), NAME + "-keeper-" + i, socketDir("keeper-" + i), null, Map.of(
                    "SPIKE_KEEPER_TLS_PORT", "127.0.0.1:" + tls,
                    "SPIKE_KEEPER_HEALTH_PORT", "127.0.0.1:" + keeperHealth[i])));
        }
        Path data = Files.createDirectory(work.resolve("nexus-data"));
        Docker.chownToImageUser(data);
        long started = System.nanoTime();
        containers.add(Docker.run(nexusPod(), NAME + "-nexus", socketDir("nexus"), data, Map.of(
                "SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + nexusApi,
                "SPIKE_NEXUS_HEALTH_PORT", "127.0.0.1:" + nexusHealth,
                // Pod DNS names do not resolve on the host network: the same Keepers, in the same order.
                "SPIKE_NEXUS_KEEPER_PEERS", String.join(",", peers))));
        awaitNexus("READY", Duration.ofSeconds(60));
        System.out.printf("container drills: Nexus container start (Keepers up) to READY in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        Docker.run(pilotPod(), PILOT, socketDir("pilot-pod"), null, Map.of("SPIKE_NEXUS_API_URL",
                "https://localhost:" + nexusApi));
    }

    @AfterAll
    static void stop() throws Exception {
        for (String c : containers) {
            Docker.remove(c);
        }
        Docker.remove(PILOT);
        if (system != null) {
            system.close();
        }
    }

    @Test
    void theSeedsDrillsPassWithContainers() throws Exception {
        assertThat(spike("secret", "put", "apps/db", "password=" + SECRET).exitCode()).isZero();
        assertThat(spike("secret", "get", "apps/db", "password").stdout().strip()).isEqualTo(SECRET);
        Docker.stats(containers).forEach((c, mem) -> System.out.printf("container drills: %s idle: %s%n", c, mem));

        // Nexus crashes: it comes back with the Keepers' shards, no human involved.
        Docker.kill(NAME + "-nexus");
        long restarted = System.nanoTime();
        Docker.start(NAME + "-nexus");
        awaitNexus("READY", Duration.ofSeconds(60));
        System.out.printf("container drills: Nexus container restart to READY in %d ms%n",
                (System.nanoTime() - restarted) / 1_000_000);
        assertThat(spike("secret", "get", "apps/db", "password").stdout().strip()).isEqualTo(SECRET);

        // A Keeper crashes: Nexus gives it its shard again.
        Docker.kill(NAME + "-keeper-1");
        Docker.start(NAME + "-keeper-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> health(keeperHealth[1], "/status").contains("\"holdsShard\":true"));

        // The Pilot pod, as `kubectl exec` uses it: spike on PATH, this cluster's superuser ID.
        Docker.Out podGet = Docker.execIn(PILOT, null, "spike", "secret", "get", "apps/db", "password");
        assertThat(podGet.exit()).as(podGet.text()).isZero();
        assertThat(podGet.text().strip()).isEqualTo(SECRET);

        // Before the disaster: recovery files, in the recover role.
        assertThat(role("recover")).isZero();
        SpikeSystem.Result recover = spike("recover");
        assertThat(recover.exitCode()).as(recover.output()).isZero();
        assertThat(role("su")).isZero();
        // The same from the Pilot pod with --stdout, after its role switch (what SPIRE does once the
        // operator patched the ClusterSPIFFEID): the same shards, byte for byte, as lines.
        podRole("recover");
        Docker.Out lines = await().atMost(Duration.ofSeconds(20)).until(
                () -> Docker.execIn(PILOT, null, "spike", "recover", "--stdout"), out -> out.exit() == 0);
        StringBuilder saved = new StringBuilder();
        for (int id = 1; id <= KEEPERS; id++) {
            saved.append(Files.readString(work.resolve(".spike/recover/spike.recovery." + id + ".txt"))).append('\n');
        }
        assertThat(lines.stdout()).isEqualTo(saved.toString());
        podRole("superuser");

        // Everything dies (containers and data kept): only people can bring the key back.
        for (String c : containers) {
            Docker.kill(c);
        }
        for (String c : containers) {
            Docker.start(c);
        }
        awaitNexus("RESTORE_REQUIRED", Duration.ofSeconds(60));
        assertThat(role("restore")).isZero();
        Path files = work.resolve(".spike/recover");
        SpikeSystem.Result first = system.run(pilotEnv, Files.readString(files.resolve("spike.recovery.1.txt")), "bin/spike",
                "restore");
        assertThat(first.exitCode()).as(first.output()).isZero();
        // The second shard through the Pilot pod, as `kubectl exec -i ... -- spike restore < file` sends it.
        podRole("restore");
        Docker.Out second = await().atMost(Duration.ofSeconds(20)).until(() -> Docker.execIn(PILOT,
                files.resolve("spike.recovery.2.txt"), "spike", "restore"), out -> out.exit() == 0);
        assertThat(second.stdout()).contains("restored");
        awaitNexus("READY", Duration.ofSeconds(30));
        assertThat(role("su")).isZero();
        assertThat(spike("secret", "get", "apps/db", "password").stdout().strip()).isEqualTo(SECRET);
        for (String c : containers) {
            // Nor a fallback to the JDK's TLS: the images carry BoringSSL and load it.
            assertThat(Docker.logs(c)).as("%s's log", c).doesNotContain(SECRET).doesNotContain("BoringSSL did not load");
        }
        // The idle Pilot pod stops at once (SIGTERM), not after a grace period.
        long stopping = System.nanoTime();
        Docker.stop(PILOT);
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
        nexusMemoryUnderLoad();
    }

    /**
     * 16 clients putting and reading secrets for 15 s against the Nexus container; the container's
     * memory is sampled throughout (issue 11's target: at most 256 MiB).
     */
    private static void nexusMemoryUnderLoad() throws Exception {
        try (X509Source pilot = WorkloadApi.x509Source(pilotEnv.get("SPIFFE_ENDPOINT_SOCKET"), Duration.ofSeconds(10))) {
            SSLContext tls = MtlsContexts.create(pilot, TrustRoots.single("spike.ist").anyOf(SpiffeRole.NEXUS));
            long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            AtomicLong calls = new AtomicLong();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int client = t;
                running.add(clients.submit(() -> {
                    try (MtlsJsonClient nexus = new MtlsJsonClient(tls, URI.create(pilotEnv.get("SPIKE_NEXUS_API_URL")),
                            Duration.ofSeconds(10))) {
                        for (int i = 0; System.nanoTime() < end; i++) {
                            String path = "load/" + client + "/" + (i % 50);
                            nexus.post("/v1/store/secrets", null, new SecretMessages.PutRequest(path,
                                    Map.of("value", "x".repeat(512))), Empty.class);
                            nexus.post("/v1/store/secrets", "get", new SecretMessages.GetRequest(path, null),
                                    SecretMessages.GetResponse.class);
                            calls.addAndGet(2);
                        }
                    }
                    return null;
                }));
            }
            double peak = 0;
            while (System.nanoTime() < end) {
                peak = Math.max(peak, Docker.memoryMiB(NAME + "-nexus"));
            }
            for (Future<?> f : running) {
                f.get();
            }
            clients.shutdown();
            System.out.printf("container drills: Nexus container under load (16 clients, %d calls in 15 s): peak %.0f MiB%n",
                    calls.get(), peak);
            assertThat(peak).isLessThanOrEqualTo(256);
        }
    }

    /** The Keeper pod the operator writes for this cluster. */
    private static PodSpec keeperPod() {
        return KeeperManifests.statefulSet(cluster).getSpec().getTemplate().getSpec();
    }

    private static PodSpec pilotPod() {
        return PilotManifests.deployment(cluster).getSpec().getTemplate().getSpec();
    }

    /** Gives the Pilot pod this cluster's ID for {@code role}, as the agent's user (it owns the entries file). */
    private static void podRole(String role) throws Exception {
        List<String> cmd = Docker.asImageUser("bin/spike-dev-agent", "entry", "set", "pilot-pod", "--spiffe-id",
                ClusterIdentities.pilot(cluster, role));
        SpikeSystem.Result set = system.run(Map.of(), null, cmd.toArray(String[]::new));
        assertThat(set.exitCode()).as(set.output()).isZero();
    }

    private static PodSpec nexusPod() {
        return NexusManifests.statefulSet(cluster).getSpec().getTemplate().getSpec();
    }

    /** The dev agent, as the images' user, one socket directory per identity (as the CSI driver gives each pod). */
    private static void startAgent() throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("pilot", "spiffe://spike.ist/spike/pilot/role/superuser");
        ids.put("pilot-pod", ClusterIdentities.pilot(cluster, "superuser"));
        ids.put("nexus", ClusterIdentities.nexus(cluster));
        List<String> keeperIds = ClusterIdentities.keepers(cluster);
        for (int i = 0; i < KEEPERS; i++) {
            ids.put("keeper-" + i, keeperIds.get(i));
        }
        StringBuilder entries = new StringBuilder("{\"trustDomain\":\"spike.ist\",\"entries\":[");
        ids.forEach((name, id) -> entries.append(entries.charAt(entries.length() - 1) == '[' ? "" : ",")
                .append("{\"name\":\"").append(name).append("\",\"socket\":\"").append(socketDir(name).resolve("spire-agent.sock"))
                .append("\",\"spiffeId\":\"").append(id).append("\"}"));
        entries.append("]}");
        Path agentDir = Files.createDirectories(work.resolve(".spike/agent"));
        Files.writeString(agentDir.resolve("entries.json"), entries);
        Docker.chownToImageUser(work.resolve(".spike"));
        SpikeSystem.Proc agent = system.start("agent", Map.of(),
                Docker.asImageUser("bin/spike-dev-agent", "run").toArray(String[]::new));
        SpikeSystem.awaitOrFail(agent, Duration.ofSeconds(30), () -> ids.keySet().stream()
                .allMatch(name -> SpikeSystem.isLive(socketDir(name).resolve("spire-agent.sock"))));
    }

    private static Path socketDir(String name) {
        return work.resolve("sockets").resolve(name);
    }

    /** Switches Pilot's role with the hack/ script, as the agent's user (it owns the entries file). */
    private static int role(String role) throws Exception {
        List<String> cmd = Docker.asImageUser("hack/spire-server-entry-" + role + "-register.sh");
        return system.run(Map.of(), null, cmd.toArray(String[]::new)).exitCode();
    }

    private static SpikeSystem.Result spike(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/spike"));
        cmd.addAll(List.of(args));
        return system.run(pilotEnv, null, cmd.toArray(String[]::new));
    }

    private static void awaitNexus(String state, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> health(nexusHealth, "/status").contains("\"state\":\"" + state + "\""));
    }

    private static String health(int port, String path) {
        var r = SpikeSystem.health(port, path);
        return r == null ? "" : r.body();
    }

    /** Runs a pod's one container as Docker can: its security context, volumes and environment. */
    static final class Docker {
        static final int IMAGE_USER = 10001;
        /** A repo command run as the images' user, for host processes that share files with the containers. */
        static List<String> asImageUser(String... command) {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + IMAGE_USER,
                    "--regid=" + IMAGE_USER, "--clear-groups", SpikeSystem.REPO.resolve(command[0]).toString()));
            cmd.addAll(List.of(command).subList(1, command.length));
            return cmd;
        }

        static boolean available() {
            try {
                return exec(List.of("docker", "info")).exit == 0;
            } catch (IOException e) {
                return false;
            }
        }

        static void buildImages() throws Exception {
            Out built = exec(List.of(SpikeSystem.REPO.resolve("hack/images.sh").toString(), "build"));
            assertThat(built.exit).as(built.text).isZero();
            System.out.print("container drills: images\n" + built.text);
        }

        static void chownToImageUser(Path path) throws IOException {
            Out chown = exec(List.of("chown", "-R", IMAGE_USER + ":" + IMAGE_USER, path.toString()));
            assertThat(chown.exit).as(chown.text).isZero();
        }

        /** {@code docker run} of the pod's container; returns its name. */
        static String run(PodSpec pod, String name, Path socketDir, Path data, Map<String, String> networkEnv)
                throws IOException {
            Container c = pod.getContainers().get(0);
            SecurityContext security = c.getSecurityContext();
            List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--network", "host",
                    "--user", pod.getSecurityContext().getRunAsUser() + ":" + pod.getSecurityContext().getRunAsGroup()));
            if (Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                cmd.add("--read-only");
            }
            for (String drop : security.getCapabilities().getDrop()) {
                cmd.addAll(List.of("--cap-drop", drop));
            }
            if (Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                cmd.addAll(List.of("--security-opt", "no-new-privileges"));
            }
            for (VolumeMount mount : c.getVolumeMounts()) {
                var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst();
                if (volume.isPresent() && volume.get().getEmptyDir() != null) {
                    // A memory emptyDir, mounted noexec as hardened clusters do.
                    cmd.addAll(List.of("--tmpfs", mount.getMountPath() + ":rw,noexec,nosuid,size="
                            + volume.get().getEmptyDir().getSizeLimit().getAmount() + "m"));
                } else if (volume.isPresent() && volume.get().getCsi() != null) {
                    cmd.addAll(List.of("-v", socketDir + ":" + mount.getMountPath() + ":ro"));
                } else if (data != null) {
                    // The Nexus volume claim.
                    cmd.addAll(List.of("-v", data + ":" + mount.getMountPath()));
                } else {
                    throw new IllegalStateException("no Docker volume for " + mount.getName());
                }
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (EnvVar e : c.getEnv()) {
                env.put(e.getName(), e.getValue());
            }
            env.putAll(networkEnv);
            env.forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
            List<String> command = c.getCommand() == null ? List.of() : c.getCommand();
            if (!command.isEmpty()) {
                cmd.addAll(List.of("--entrypoint", command.get(0)));
            }
            cmd.add(c.getImage());
            cmd.addAll(command.isEmpty() ? List.of() : command.subList(1, command.size()));
            Out out = exec(cmd);
            assertThat(out.exit).as("%s: %s", cmd, out.text).isZero();
            return name;
        }

        static void kill(String container) throws IOException {
            assertThat(exec(List.of("docker", "kill", container)).exit).isZero();
        }

        static void start(String container) throws IOException {
            Out out = exec(List.of("docker", "start", container));
            assertThat(out.exit).as(out.text).isZero();
        }

        static void stop(String container) throws IOException {
            Out out = exec(List.of("docker", "stop", "-t", "30", container));
            assertThat(out.exit).as(out.text).isZero();
        }

        /** {@code docker exec} as the container's user, stdin from {@code input} (or none); stdout apart. */
        static Out execIn(String container, Path input, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("docker", "exec", "-i", container));
            cmd.addAll(List.of(args));
            return run(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(input == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                            : ProcessBuilder.Redirect.from(input.toFile())));
        }

        static void remove(String container) throws IOException {
            exec(List.of("docker", "rm", "-f", container));
        }

        static String logs(String container) throws IOException {
            return exec(List.of("docker", "logs", container)).text;
        }

        /** A container's memory use now, in MiB ({@code docker stats}). */
        static double memoryMiB(String container) throws IOException {
            String usage = exec(List.of("docker", "stats", "--no-stream", "--format", "{{.MemUsage}}", container)).text;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+)(KiB|MiB|GiB)").matcher(usage);
            if (!m.find()) {
                return 0;
            }
            double amount = Double.parseDouble(m.group(1));
            return switch (m.group(2)) {
                case "KiB" -> amount / 1024;
                case "GiB" -> amount * 1024;
                default -> amount;
            };
        }

        /** Memory use per container, as {@code docker stats} reports it. */
        static Map<String, String> stats(List<String> names) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("docker", "stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}"));
            cmd.addAll(names);
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : exec(cmd).text.split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    out.put(line.substring(0, space), line.substring(space + 1));
                }
            }
            return out;
        }

        record Out(int exit, String text) {
            /** What the command printed on stdout ({@link #execIn} leaves stderr to the test log). */
            String stdout() {
                return text;
            }
        }

        private static Out exec(List<String> cmd) throws IOException {
            return run(new ProcessBuilder(cmd).redirectErrorStream(true));
        }

        /** Runs to the end; what it printed on stdout (and stderr, where the builder merges it). */
        private static Out run(ProcessBuilder builder) throws IOException {
            Process p = builder.start();
            String text = new String(p.getInputStream().readAllBytes());
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return new Out(p.exitValue(), text);
        }
    }
}
