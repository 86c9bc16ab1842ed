package ist.spike.agent;

/** Bad agent input (entries file, socket, CA files): the message says what to fix. */
public final class AgentException extends RuntimeException {
    public AgentException(String message) {
        super(message);
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
