package ist.spike.pilot.cipher;

import com.fasterxml.jackson.core.JsonProcessingException;
import ist.spike.core.api.CipherMessages.Ciphertext;
import ist.spike.core.api.CipherMessages.Plaintext;
import ist.spike.core.api.SpikeJson;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import ist.spike.pilot.failure.PilotException;
import ist.spike.pilot.nexus.NexusApi;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code spike cipher decrypt [--in F] [--out F] [--json]}: the inverse of encrypt. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = {"Decrypt what `spike cipher encrypt` wrote.", "With --json the input is the JSON that"
                + " `spike cipher encrypt --json` wrote. The output is the plaintext bytes."})
public final class CipherDecryptCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Mixin
    CipherStreams streams;

    public CipherDecryptCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        byte[] input = streams.read(context.terminal());
        NexusApi nexus = context.nexus().get();
        byte[] plaintext = streams.json ? nexus.decrypt(parse(input)).plaintext() : nexus.decryptStream(input);
        try {
            streams.write(context.terminal(), plaintext == null ? new byte[0] : plaintext);
            return 0;
        } finally {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    private static Ciphertext parse(byte[] input) {
        try {
            return SpikeJson.mapper().readValue(input, Ciphertext.class);
        } catch (JsonProcessingException e) {
            throw PilotException.usage("the input is not the JSON that `spike cipher encrypt --json` writes"
                    + " ({\"version\":1,\"nonce\":…,\"ciphertext\":…})");
        } catch (IOException e) {
            throw PilotException.failed("cannot read the input: " + e.getMessage(), e);
        }
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy(CipherCommand.GRANT, context.config().roleSwitch());
    }

    @Override
    public String badRequest() {
        return "Nexus cannot decrypt the input: it is not the output of `spike cipher encrypt"
                + (streams.json ? " --json" : "") + "` with this SPIKE's root key, or it was changed";
    }
}
