package ist.spike.core.spiffe;

import io.spiffe.exception.SocketEndpointAddressException;
import io.spiffe.exception.X509SourceException;
import io.spiffe.workloadapi.DefaultX509Source;
import io.spiffe.workloadapi.X509Source;
import ist.spike.core.error.ConnectionException;
import java.time.Duration;
import java.util.Map;

/** Where and how a process gets its SVID: the SPIFFE Workload API. */
public final class WorkloadApi {
    public static final String SOCKET_VARIABLE = "SPIFFE_ENDPOINT_SOCKET";
    public static final String DEFAULT_SOCKET = "unix:///tmp/spire-agent/public/api.sock";

    private WorkloadApi() {
    }

    /** The socket address from {@code env}, or the default; a bare path becomes a {@code unix://} URI. */
    public static String socketAddress(Map<String, String> env) {
        String raw = env.getOrDefault(SOCKET_VARIABLE, "").strip();
        return normalize(raw.isEmpty() ? DEFAULT_SOCKET : raw);
    }

    static String normalize(String address) {
        return address.startsWith("/") ? "unix://" + address : address;
    }

    /**
     * Connects to the Workload API and waits up to {@code timeout} for the first SVID. The source
     * follows rotation until closed.
     *
     * @throws ConnectionException when no SVID arrives: no agent on the socket, or no entry for us
     */
    public static X509Source x509Source(String socketAddress, Duration timeout) {
        String address = normalize(socketAddress);
        CloseRaceFilter.install();
        try {
            return DefaultX509Source.newSource(DefaultX509Source.X509SourceOptions.builder()
                    .spiffeSocketPath(address)
                    .initTimeout(timeout)
                    .build());
        } catch (SocketEndpointAddressException e) {
            throw new ConnectionException("'" + address + "' is not a Workload API address; use unix:///path/to/agent.sock", e);
        } catch (X509SourceException | RuntimeException e) {
            throw new ConnectionException("got no SVID from the SPIFFE Workload API at " + address
                    + " within " + timeout.toSeconds() + " s: is the agent (SPIRE or bin/spike-dev-agent) running"
                    + " and does it have an entry for this process?", e);
        }
    }
}
