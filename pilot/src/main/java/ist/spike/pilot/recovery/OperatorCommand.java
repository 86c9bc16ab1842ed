package ist.spike.pilot.recovery;

import picocli.CommandLine.Command;

/** {@code spike operator recover|restore}: the same commands under upstream's grouping. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Root-key recovery: save shards (recover), give them back (restore).",
        subcommands = {RecoverCommand.class, RestoreCommand.class})
public final class OperatorCommand {
}
