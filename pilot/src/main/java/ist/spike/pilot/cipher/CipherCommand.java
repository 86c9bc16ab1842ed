package ist.spike.pilot.cipher;

import picocli.CommandLine.Command;

/** {@code spike cipher encrypt|decrypt}: encryption as a service with the root key. */
@Command(name = "cipher", mixinStandardHelpOptions = true,
        description = {"Encrypt and decrypt data with Nexus's root key.", "Nothing is stored. Reads stdin and writes stdout"
                + " unless --in/--out are given."},
        subcommands = {CipherEncryptCommand.class, CipherDecryptCommand.class})
public final class CipherCommand {
    /** The 401 hint of both cipher commands. */
    static final String GRANT = "execute on spike/system/cipher/exec";
}
