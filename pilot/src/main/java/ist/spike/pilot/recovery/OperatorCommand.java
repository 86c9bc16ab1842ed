package ist.spike.pilot.recovery;

import picocli.CommandLine.Command;

/** {@code spike operator recover|restore|rotate}: recovery under upstream's grouping, and key rotation. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Root-key recovery: save shards (recover), give them back (restore); key rotation (rotate).",
        subcommands = {RecoverCommand.class, RestoreCommand.class, RotateCommand.class})
public final class OperatorCommand {
}
