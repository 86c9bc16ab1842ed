package ist.spike.pilot.failure;

import java.util.Objects;

/** What the user sees when a command fails: one line (without the {@code spike: } prefix) and an exit code. */
public record Failure(ExitCode exitCode, String line) {
    public Failure {
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(line, "line");
        if (exitCode == ExitCode.OK) {
            throw new IllegalArgumentException("a failure cannot exit 0");
        }
        // One line, whatever the cause's message looked like.
        line = line.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
