package ist.spike.pilot.recovery;

import picocli.CommandLine.Command;

/** {@code spike operator recover|restore|rotate|rekey}: recovery under upstream's grouping, and the key lifecycle. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Root-key recovery: save shards (recover), give them back (restore); a new data key (rotate),"
                + " a new root key (rekey).",
        subcommands = {RecoverCommand.class, RestoreCommand.class, RotateCommand.class, RekeyCommand.class})
public final class OperatorCommand {
}
