package ist.spike.pilot.recovery;

import ist.spike.pilot.Terminal;
import ist.spike.pilot.failure.PilotException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the escrow passphrase: at a hidden prompt (twice when it is being set), or the first line of
 * stdin when that is not a terminal. At least 12 characters. Security: returned as UTF-8 bytes the
 * caller zeroes; the characters read are zeroed here; nothing is echoed or put in a message.
 */
final class PassphraseInput {
    static final int MIN_CHARACTERS = 12;

    private PassphraseInput() {
    }

    /** @param confirm ask twice at a prompt (setting a passphrase) */
    static byte[] read(Terminal terminal, boolean confirm) {
        char[] first = terminal.readSecretLine("Passphrase (input hidden): ");
        char[] second = null;
        try {
            if (first == null || first.length == 0) {
                throw PilotException.usage("no passphrase given: type it at the prompt, or give it as the first line of"
                        + " stdin");
            }
            if (Character.codePointCount(first, 0, first.length) < MIN_CHARACTERS) {
                throw PilotException.usage("the passphrase is shorter than " + MIN_CHARACTERS + " characters");
            }
            if (confirm && terminal.interactive()) {
                second = terminal.readSecretLine("The same passphrase again: ");
                if (second == null || !Arrays.equals(first, second)) {
                    throw PilotException.usage("the two passphrases differ: nothing was changed");
                }
            }
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(first));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return bytes;
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }
}
