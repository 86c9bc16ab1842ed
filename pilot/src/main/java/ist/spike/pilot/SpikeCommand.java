package ist.spike.pilot;

import ist.spike.pilot.cipher.CipherCommand;
import ist.spike.pilot.policy.PolicyCommand;
import ist.spike.pilot.recovery.OperatorCommand;
import ist.spike.pilot.recovery.RecoverCommand;
import ist.spike.pilot.recovery.RestoreCommand;
import ist.spike.pilot.secret.SecretCommand;
import ist.spike.pilot.status.StatusCommand;
import picocli.CommandLine.Command;

/** {@code spike}: the root command. */
@Command(name = "spike", mixinStandardHelpOptions = true,
        description = "Secrets, policies, encryption, root-key recovery and status of a SPIKE Nexus, over mTLS.",
        subcommands = {SecretCommand.class, PolicyCommand.class, CipherCommand.class, StatusCommand.class,
                RecoverCommand.class, RestoreCommand.class, OperatorCommand.class, CompletionCommand.class},
        footer = {"", "Environment:",
            "  SPIKE_NEXUS_API_URL       Nexus (default https://localhost:8553)",
            "  SPIFFE_ENDPOINT_SOCKET    Workload API giving Pilot its SVID",
            "                            (default unix:///tmp/spire-agent/public/api.sock)",
            "  SPIKE_TRUST_ROOT_NEXUS    trust domains of Nexus (default spike.ist)",
            "  SPIKE_PILOT_NEXUS_IDS     exact SPIFFE IDs Nexus may have (default: any",
            "                            Nexus ID of those domains)",
            "  SPIKE_PILOT_RECOVERY_DIR  recovery files (default ~/.spike/recover)",
            "  SPIKE_PILOT_ROLE_SWITCH   the command hints give to change role, {role} in it",
            "                            (default: the hack/spire-server-entry-*.sh scripts)",
            "", "Exit codes: 0 ok, 1 failed, 2 bad usage or input, 3 Workload API or Nexus",
            "unreachable, 4 not authorized, 5 not found, 6 Nexus not ready."})
public final class SpikeCommand {
    static final String VERSION = "spike 0.1.0 (SPIKE for Java; API of SPIKE 0.8)";
}
