package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad setting in the environment must not hide help or the completion script. */
class PilotMainTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                      | true",
        "--help                  | true",
        "secret get --help       | true",
        "secret -h               | true",
        "help secret             | true",
        "completion              | true",
        "--version               | true",
        "secret list             | false",
        "status                  | false",
        "secret get help         | false",
    })
    void onlyHelpAndCompletionRunWithoutValidSettings(String line, boolean helpOnly) {
        String[] args = line.isBlank() ? new String[0] : line.strip().split(" +");

        assertThat(PilotMain.asksOnlyForHelp(args)).isEqualTo(helpOnly);
    }
}
