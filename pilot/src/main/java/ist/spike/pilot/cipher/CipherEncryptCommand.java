package ist.spike.pilot.cipher;

import ist.spike.core.api.CipherMessages.Ciphertext;
import ist.spike.core.api.CipherMessages.Plaintext;
import ist.spike.core.api.SpikeJson;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import ist.spike.pilot.nexus.NexusApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spike cipher encrypt [--in F] [--out F] [--json]}. */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = {"Encrypt the input with Nexus's root key.",
            "Output: the byte 0x01, the 12-byte nonce, the ciphertext; with --json the API's JSON object."})
public final class CipherEncryptCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Mixin
    CipherStreams streams;

    public CipherEncryptCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        byte[] plaintext = streams.read(context.terminal());
        try {
            NexusApi nexus = context.nexus().get();
            byte[] output = streams.json ? json(nexus.encrypt(new Plaintext(plaintext))) : nexus.encryptStream(plaintext);
            streams.write(context.terminal(), output);
            return 0;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] json(Ciphertext ciphertext) {
        try {
            return (SpikeJson.mapper().writeValueAsString(ciphertext) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy(CipherCommand.GRANT, context.config().roleSwitch());
    }
}
