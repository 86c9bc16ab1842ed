package ist.spike.pilot.secret;

import picocli.CommandLine.Command;

/** {@code spike secret …}: the key-value store, with versions (KV v2). */
@Command(name = "secret", mixinStandardHelpOptions = true,
        description = "Store, read, list and delete secrets: versioned key-value maps at paths.",
        subcommands = {SecretPutCommand.class, SecretGetCommand.class, SecretListCommand.class, SecretDeleteCommand.class,
                SecretUndeleteCommand.class, SecretMetadataCommand.class})
public final class SecretCommand {
}
