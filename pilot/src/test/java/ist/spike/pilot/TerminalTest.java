package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.pilot.failure.PilotException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalTest {
    private static Terminal over(byte[] stdin) {
        return new Terminal(new ByteArrayInputStream(stdin), new ByteArrayOutputStream(), new ByteArrayOutputStream(), null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain line|spike:1:ab\\n|spike:1:ab",
        "windows line end|spike:1:ab\\r\\n|spike:1:ab",
        "no final newline|spike:1:ab|spike:1:ab",
        "only the first line|one\\ntwo\\n|one",
    })
    void readsOneLineOfStdinWhenNotATerminal(String name, String input, String line) {
        Terminal terminal = over(input.replace("\\n", "\n").replace("\\r", "\r").getBytes(StandardCharsets.UTF_8));
        assertThat(new String(terminal.readSecretLine("ignored"))).isEqualTo(line);
    }

    @Test
    void endOfInputIsNull() {
        assertThat(over(new byte[0]).readSecretLine("p")).isNull();
    }

    @Test
    void overlongAndNonUtf8LinesAreRefusedWithoutEcho() {
        byte[] longLine = "x".repeat(Terminal.MAX_SECRET_LINE + 1).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> over(longLine).readSecretLine("p")).isInstanceOf(PilotException.class)
                .hasMessageContaining("longer than").hasMessageNotContaining("xxx");
        assertThatThrownBy(() -> over(new byte[] {(byte) 0xc3, 0x28}).readSecretLine("p"))
                .isInstanceOf(PilotException.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void aConsoleIsAskedWithThePromptAndStdinIsLeftAlone() {
        Terminal terminal = new Terminal(new ByteArrayInputStream("from stdin".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), prompt -> ("typed after " + prompt).toCharArray());
        assertThat(terminal.interactive()).isTrue();
        assertThat(new String(terminal.readSecretLine("Shard: "))).isEqualTo("typed after Shard: ");
    }
}
