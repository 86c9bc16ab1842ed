package ist.spike.pilot.failure;

import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.util.Objects;

/**
 * A failure Pilot found itself (bad input, a file it cannot write, no SVID): the message is the
 * whole line the user sees after {@code spike: }, and says what to do next.
 *
 * <p>Security: messages never contain a secret value or a shard.
 */
public final class PilotException extends SpikeException {
    private final ExitCode exitCode;

    private PilotException(ErrorCode code, ExitCode exitCode, String message, Throwable cause) {
        super(code, message, cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    /** The arguments or the input are wrong; nothing was sent to Nexus. */
    public static PilotException usage(String message) {
        return new PilotException(ErrorCode.BAD_REQUEST, ExitCode.USAGE, message, null);
    }

    /** What was asked for does not exist. */
    public static PilotException notFound(String message) {
        return new PilotException(ErrorCode.NOT_FOUND, ExitCode.NOT_FOUND, message, null);
    }

    /** The Workload API or Nexus cannot be reached. */
    public static PilotException unreachable(String message, Throwable cause) {
        return new PilotException(ErrorCode.INTERNAL, ExitCode.UNREACHABLE, message, cause);
    }

    /** Anything else, e.g. a file that cannot be written. */
    public static PilotException failed(String message, Throwable cause) {
        return new PilotException(ErrorCode.INTERNAL, ExitCode.FAILURE, message, cause);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
