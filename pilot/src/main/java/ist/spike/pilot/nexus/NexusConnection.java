package ist.spike.pilot.nexus;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.error.ConnectionException;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.core.spiffe.WorkloadApi;
import ist.spike.pilot.PilotConfig;
import ist.spike.pilot.failure.PilotException;
import java.io.IOException;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to Nexus the first time a command needs it (so {@code --help} and {@code completion}
 * never touch the Workload API): fetches the SVID, builds an mTLS context that accepts only Nexus
 * SPIFFE IDs, and hands out one {@link MtlsNexusApi}. Close it to release the Workload API stream.
 */
public final class NexusConnection implements Supplier<NexusApi>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NexusConnection.class);

    private final PilotConfig config;
    private X509Source source;
    private NexusApi api;

    public NexusConnection(PilotConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The API, connecting on first use. @throws PilotException when no SVID can be had */
    @Override
    public synchronized NexusApi get() {
        if (api == null) {
            source = openSource();
            // Security: the handshake completes only with a Nexus SPIFFE ID of a trusted domain (or
            // exactly one of SPIKE_PILOT_NEXUS_IDS when it is set).
            SSLContext tls = MtlsContexts.create(source, config.nexus());
            api = new MtlsNexusApi(new MtlsJsonClient(tls, config.nexusUrl(), config.requestTimeout()));
        }
        return api;
    }

    private X509Source openSource() {
        String address = config.workloadSocket();
        Path socket = unixSocketPath(address);
        String fix = "start the agent with hack/start.sh, or set " + WorkloadApi.SOCKET_VARIABLE + " to its socket";
        if (socket != null) {
            checkListening(socket, address, fix);
        }
        try {
            return WorkloadApi.x509Source(address, config.svidTimeout());
        } catch (ConnectionException e) {
            LOG.debug("no SVID", e);
            throw PilotException.unreachable("got no SVID from the SPIFFE Workload API at " + address + " within "
                    + config.svidTimeout().toSeconds() + " s: " + fix + ", and check it has an entry for Pilot", e);
        }
    }

    /** Fails at once, instead of after the SVID timeout, when nobody listens on the socket. */
    private static void checkListening(Path socket, String address, String fix) {
        if (!Files.exists(socket)) {
            throw PilotException.unreachable("no SPIFFE Workload API at " + address + " (no such socket): " + fix, null);
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            LOG.debug("Workload API socket {} accepts connections", probe.getRemoteAddress());
        } catch (IOException | RuntimeException e) {
            throw PilotException.unreachable("no SPIFFE Workload API answers at " + address + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): " + fix, e);
        }
    }

    private static Path unixSocketPath(String address) {
        try {
            URI uri = URI.create(address);
            return "unix".equals(uri.getScheme()) && uri.getPath() != null ? Path.of(uri.getPath()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (source != null) {
            try {
                source.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing the X509 source", e);
            }
            source = null;
        }
    }
}
