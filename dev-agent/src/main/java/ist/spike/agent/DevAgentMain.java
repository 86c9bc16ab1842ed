package ist.spike.agent;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.config.Durations;
import ist.spike.core.files.PrivateFiles;
import ist.spike.core.spiffe.SpiffeRole;
import ist.spike.core.spiffe.TrustRoots;
import ist.spike.core.spiffe.WorkloadApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spike-dev-agent}: run the agent, issue SVID files, change entries. */
@Command(name = "spike-dev-agent", mixinStandardHelpOptions = true, version = "spike-dev-agent 0.1.0",
        description = "A single-machine SPIFFE Workload API for SPIKE (a stand-in for a SPIRE agent).",
        subcommands = {DevAgentMain.Run.class, DevAgentMain.Issue.class, DevAgentMain.EntryCommand.class})
public final class DevAgentMain {
    private static final Map<String, String> ENV = System.getenv();

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        CommandLine cli = new CommandLine(new DevAgentMain());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(Duration.class, DevAgentMain::parseDuration);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("spike-dev-agent: " + (e instanceof AgentException ? e.getMessage() : e.toString()));
            return 1;
        });
        System.exit(cli.execute(args.length == 0 ? new String[] {"run"} : args));
    }

    /** The home every path hangs off: {@code $HOME}, so tests can use a temporary one. */
    static Path home() {
        String home = ENV.get("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
    }

    /** The Pilot socket: {@code SPIFFE_ENDPOINT_SOCKET} when set, else the default Workload API path. */
    static Path defaultPilotSocket() {
        return Path.of(java.net.URI.create(WorkloadApi.socketAddress(ENV)).getPath());
    }

    static Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** Reads the entries file, writing the defaults first when there is none. */
    static Entries entriesOrDefaults(AgentPaths paths, String trustDomain) throws IOException {
        if (!Files.exists(paths.entries())) {
            PrivateFiles.createDirectories(paths.dir());
            EntriesFile.write(paths.entries(), EntriesFile.defaults(paths, defaultPilotSocket(), trustDomain));
        }
        return EntriesFile.read(paths.entries());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Serve the Workload API on every socket of ~/.spike/agent/entries.json (created with the defaults when missing).")
    static final class Run implements Callable<Integer> {
        @Option(names = "--trust-domain", defaultValue = TrustRoots.DEFAULT_TRUST_DOMAIN,
                description = "Trust domain of a new CA and default entries (default: ${DEFAULT-VALUE}).")
        String trustDomain;

        @Option(names = "--svid-ttl", defaultValue = "1h",
                description = "Lifetime of issued SVIDs; they are re-issued at half of it (default: ${DEFAULT-VALUE}).")
        Duration svidTtl;

        @Override
        public Integer call() throws Exception {
            AgentPaths paths = AgentPaths.underHome(home());
            Entries entries = entriesOrDefaults(paths, trustDomain);
            CertificateAuthority ca = CertificateAuthority.loadOrCreate(paths, entries.trustDomain());
            DevAgent agent = new DevAgent(paths, ca, svidTtl);
            List<Entry> served = agent.start();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.close();
                stopped.countDown();
            }, "dev-agent-shutdown"));
            System.out.println("spike-dev-agent: trust domain " + ca.trustDomain() + ", entries in " + paths.entries());
            for (Entry e : served) {
                System.out.println("  " + e.name() + ": " + e.socket() + " -> " + e.spiffeId());
            }
            System.out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Write svid.pem, svid.key and bundle.pem (0600) for a SPIFFE ID, signed by the agent's CA, "
                    + "so curl, openssl and other SPIFFE tools can talk to SPIKE.")
    static final class Issue implements Callable<Integer> {
        @Option(names = "--spiffe-id", required = true, description = "The SPIFFE ID to issue, e.g. spiffe://spike.ist/spike/pilot/role/superuser.")
        String spiffeId;

        @Option(names = "--out", required = true, description = "Directory for the three files (created 0700 when missing).")
        Path out;

        @Option(names = "--ttl", defaultValue = "24h", description = "Lifetime (default: ${DEFAULT-VALUE}).")
        Duration ttl;

        @Override
        public Integer call() throws Exception {
            SpiffeId id;
            try {
                id = SpiffeId.parse(spiffeId);
            } catch (RuntimeException e) {
                throw new AgentException("'" + spiffeId + "' is not a SPIFFE ID: " + e.getMessage());
            }
            AgentPaths paths = AgentPaths.underHome(home());
            CertificateAuthority ca = CertificateAuthority.loadOrCreate(paths, id.getTrustDomain().getName());
            Svid svid = ca.issue(id, ttl);
            PrivateFiles.writeAtomically(out.resolve("svid.pem"), Pem.certificates(List.of(svid.leaf())).getBytes(StandardCharsets.US_ASCII));
            PrivateFiles.writeAtomically(out.resolve("svid.key"), Pem.privateKey(svid.key()).getBytes(StandardCharsets.US_ASCII));
            PrivateFiles.writeAtomically(out.resolve("bundle.pem"), Pem.certificates(List.of(svid.ca())).getBytes(StandardCharsets.US_ASCII));
            System.out.println("issued " + id + " valid until " + svid.notAfter() + " into " + out.toAbsolutePath()
                    + " (svid.pem, svid.key, bundle.pem)");
            return 0;
        }
    }

    @Command(name = "entry", mixinStandardHelpOptions = true, description = "Show or change registration entries.",
            subcommands = {EntryList.class, EntrySet.class})
    static final class EntryCommand {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every entry: name, socket, SPIFFE ID.")
    static final class EntryList implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Entries entries = entriesOrDefaults(AgentPaths.underHome(home()), TrustRoots.DEFAULT_TRUST_DOMAIN);
            entries.entries().forEach(e -> System.out.println(e.name() + "\t" + e.socket() + "\t" + e.spiffeId()));
            return 0;
        }
    }

    /** Roles a script can name instead of a full SPIFFE ID. */
    enum RoleName {
        SUPERUSER(SpiffeRole.PILOT_SUPERUSER), RECOVER(SpiffeRole.PILOT_RECOVER), RESTORE(SpiffeRole.PILOT_RESTORE),
        NEXUS(SpiffeRole.NEXUS), KEEPER(SpiffeRole.KEEPER), LITE(SpiffeRole.LITE_WORKLOAD);

        final SpiffeRole role;

        RoleName(SpiffeRole role) {
            this.role = role;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change the SPIFFE ID of an entry; connected clients get the new SVID within a second.")
    static final class EntrySet implements Callable<Integer> {
        @Parameters(index = "0", description = "Entry name, e.g. pilot.")
        String name;

        @CommandLine.ArgGroup(multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--spiffe-id", description = "The new SPIFFE ID.")
            String spiffeId;

            @Option(names = "--role", description = "A SPIKE role in the agent's trust domain: ${COMPLETION-CANDIDATES}.")
            RoleName role;
        }

        @Override
        public Integer call() throws Exception {
            AgentPaths paths = AgentPaths.underHome(home());
            Entries entries = entriesOrDefaults(paths, TrustRoots.DEFAULT_TRUST_DOMAIN);
            String newId = target.role != null ? target.role.role.idIn(entries.trustDomain()) : target.spiffeId;
            Entry old = entries.named(name).orElseThrow(() -> new AgentException("there is no entry named '" + name
                    + "'; known entries: " + entries.entries().stream().map(Entry::name).toList()));
            EntriesFile.write(paths.entries(), entries.withSpiffeId(name, newId));
            System.out.println("dev agent entry '" + name + "' (" + old.socket() + "): " + old.spiffeId() + " -> " + newId);
            return 0;
        }
    }
}
