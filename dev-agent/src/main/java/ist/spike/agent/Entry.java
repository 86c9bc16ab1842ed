package ist.spike.agent;

import io.spiffe.spiffeid.SpiffeId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One registration: the process that connects to {@code socket} gets the SVID of {@code spiffeId}.
 * {@code name} is how scripts refer to it ({@code pilot}, {@code nexus}, …).
 */
public record Entry(String name, String socket, String spiffeId) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH_BYTES = 107;

    public Entry {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AgentException("entry name '" + name + "' must be lowercase letters, digits and dashes");
        }
        if (socket == null || !Path.of(socket).isAbsolute()) {
            throw new AgentException("entry '" + name + "': socket must be an absolute path, got '" + socket + "'");
        }
        if (socket.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new AgentException("entry '" + name + "': socket path is longer than the "
                    + MAX_SOCKET_PATH_BYTES + " bytes a unix socket allows: " + socket);
        }
        try {
            SpiffeId.parse(spiffeId);
        } catch (RuntimeException e) {
            throw new AgentException("entry '" + name + "': '" + spiffeId + "' is not a SPIFFE ID ("
                    + e.getMessage() + ")");
        }
    }

    public SpiffeId id() {
        return SpiffeId.parse(spiffeId);
    }

    public Path socketPath() {
        return Path.of(socket);
    }

    public Entry withSpiffeId(String newId) {
        return new Entry(name, socket, newId);
    }
}
