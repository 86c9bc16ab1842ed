package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.core.api.CipherMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CipherCommandsTest {
    static final byte[] PLAINTEXT = "attack at dawn\n\0\u00ff".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    PilotHarness spike;

    @BeforeEach
    void setUp() {
        spike = new PilotHarness(tmp);
    }

    @Test
    void encryptAndDecryptRoundTripThroughStdinAndStdoutInTheStreamForm() {
        PilotHarness.Result encrypted = spike.stdin(PLAINTEXT).run("cipher", "encrypt");
        assertThat(encrypted.exit()).as(encrypted.toString()).isZero();
        assertThat(encrypted.stdout()[0]).isEqualTo((byte) 1);
        assertThat(encrypted.stdout()).hasSize(1 + 12 + PLAINTEXT.length);
        PilotHarness.Result decrypted = spike.stdin(encrypted.stdout()).run("cipher", "decrypt");
        assertThat(decrypted.exit()).as(decrypted.toString()).isZero();
        assertThat(decrypted.stdout()).isEqualTo(PLAINTEXT);
        assertThat(decrypted.err()).isEmpty();
        assertThat(spike.nexus().requests()).containsExactly("encryptStream", "decryptStream");
    }

    @Test
    void jsonFormRoundTripsAndPrintsTheApiObject() {
        PilotHarness.Result encrypted = spike.stdin(PLAINTEXT).run("cipher", "encrypt", "--json");
        assertThat(encrypted.exit()).as(encrypted.toString()).isZero();
        assertThat(encrypted.out()).startsWith("{\"version\":1,\"nonce\":\"ZmFrZS1ub25jZTEy\",\"ciphertext\":\"").endsWith("}\n");
        PilotHarness.Result decrypted = spike.stdin(encrypted.stdout()).run("cipher", "decrypt", "--json");
        assertThat(decrypted.exit()).as(decrypted.toString()).isZero();
        assertThat(decrypted.stdout()).isEqualTo(PLAINTEXT);
        assertThat(spike.nexus().requests()).hasSize(2).allMatch(r -> r instanceof CipherMessages.Plaintext
                || r instanceof CipherMessages.Ciphertext);
    }

    @Test
    void filesInAndOutWithPrivateModes() throws Exception {
        Path in = Files.write(tmp.resolve("plain.bin"), PLAINTEXT);
        Path sealed = tmp.resolve("sealed.bin");
        Path out = tmp.resolve("out/plain.bin");
        assertThat(spike.run("cipher", "encrypt", "--in", in.toString(), "--out", sealed.toString()).exit()).isZero();
        PilotHarness.Result decrypted = spike.run("cipher", "decrypt", "--in", sealed.toString(), "--out", out.toString());
        assertThat(decrypted.exit()).as(decrypted.toString()).isZero();
        assertThat(decrypted.stdout()).isEmpty();
        assertThat(Files.readAllBytes(out)).isEqualTo(PLAINTEXT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sealed))).isEqualTo("rw-------");
    }

    @Test
    void decryptRefusesInputThatIsNotEncryptJsonWithoutSendingIt() {
        PilotHarness.Result decrypted = spike.stdin("my secret text").run("cipher", "decrypt", "--json");
        assertThat(decrypted.exit()).isEqualTo(2);
        assertThat(decrypted.err()).startsWith("spike: the input is not the JSON that `spike cipher encrypt --json` writes")
                .doesNotContain("my secret text");
        assertThat(spike.nexus().requests()).isEmpty();
    }

    @Test
    void ciphertextNexusCannotOpenGetsAHint() {
        PilotHarness.Result decrypted = spike.stdin("not ciphertext").run("cipher", "decrypt");
        assertThat(decrypted.exit()).isEqualTo(1);
        assertThat(decrypted.err()).isEqualTo("spike: Nexus cannot decrypt the input: it is not the output of"
                + " `spike cipher encrypt` with this SPIKE's root key, or it was changed\n");
    }

    @Test
    void aPersonAtTheTerminalIsToldHowToEndTheInput() {
        PilotHarness.Result encrypted = spike.console(prompt -> null).run("cipher", "encrypt");
        assertThat(encrypted.exit()).isZero();
        assertThat(encrypted.err()).isEqualTo("spike: reading the input from the terminal; end it with Ctrl-D (or use --in FILE)\n");
    }

    @Test
    void aMissingInputFileAndTooLargeInputAreUsageErrors() {
        PilotHarness.Result missing = spike.run("cipher", "encrypt", "--in", tmp.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("spike: there is no file " + tmp.resolve("nope") + "\n");
        PilotHarness.Result large = spike.stdin(new byte[1024 * 1024 + 1]).run("cipher", "encrypt");
        assertThat(large.exit()).isEqualTo(2);
        assertThat(large.err()).startsWith("spike: the input is larger than 1 MiB");
        assertThat(spike.nexus().requests()).isEmpty();
    }
}
