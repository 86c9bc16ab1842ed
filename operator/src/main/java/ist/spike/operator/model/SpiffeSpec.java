package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Where pods get the SPIFFE Workload API socket from. */
public class SpiffeSpec {
    /** An absolute directory without {@code .} or {@code ..} segments, and not {@code /} itself. */
    public static final String HOST_PATH_PATTERN = "^(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+$";

    @JsonPropertyDescription("csi mounts the socket with the csi.spiffe.io driver; hostPath mounts a directory of the node.")
    @Default("csi")
    private Socket socket = Socket.csi;

    @JsonPropertyDescription("Node directory holding the agent socket, when socket is hostPath. It must be one the"
            + " operator's administrator allows (chart value allowedHostPaths; by default only /run/spire/agent-sockets).")
    @Default("/run/spire/agent-sockets")
    @Pattern(SpiffeSpec.HOST_PATH_PATTERN)
    private String hostPath = "/run/spire/agent-sockets";

    @JsonPropertyDescription("File name of the Workload API socket inside the mounted directory.")
    @Default("spire-agent.sock")
    private String socketName = "spire-agent.sock";

    /** How the socket directory is mounted. */
    public enum Socket {
        csi,
        hostPath
    }

    public Socket getSocket() {
        return socket;
    }

    public void setSocket(Socket socket) {
        this.socket = socket;
    }

    public String getHostPath() {
        return hostPath;
    }

    public void setHostPath(String hostPath) {
        this.hostPath = hostPath;
    }

    public String getSocketName() {
        return socketName;
    }

    public void setSocketName(String socketName) {
        this.socketName = socketName;
    }
}
