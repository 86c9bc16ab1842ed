package ist.spike.pilot.secret;

import picocli.CommandLine.Command;

/** {@code spike secret metadata …}. */
@Command(name = "metadata", mixinStandardHelpOptions = true, description = "Versions and times of a secret (never its values).",
        subcommands = SecretMetadataGetCommand.class)
public final class SecretMetadataCommand {
}
