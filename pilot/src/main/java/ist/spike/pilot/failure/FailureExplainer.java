package ist.spike.pilot.failure;

import ist.spike.core.error.ConnectionException;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.pilot.nexus.NexusApi;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever a command threw into one line that says what happened and what to do next, and
 * an exit code. Commands that implement {@link FailureHints} sharpen the line.
 *
 * <p>Security: lines are built from error codes, IDs, paths and our own messages, never from
 * request or response bodies, so no secret value or shard can end up in them.
 */
public final class FailureExplainer {
    private static final Logger LOG = LoggerFactory.getLogger(FailureExplainer.class);
    private static final FailureHints NO_HINTS = new FailureHints() {
    };

    private final URI nexusUrl;
    private final Supplier<NexusApi> nexus;
    private final RoleSwitch roles;

    /** {@code nexus} is asked for the state after a 503, so the line can name it. */
    public FailureExplainer(URI nexusUrl, Supplier<NexusApi> nexus, RoleSwitch roles) {
        this.nexusUrl = Objects.requireNonNull(nexusUrl, "nexusUrl");
        this.nexus = Objects.requireNonNull(nexus, "nexus");
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /**
     * @param command the command object that failed (may implement {@link FailureHints})
     * @param commandName the full command name, e.g. {@code spike secret put}, for "see --help" hints
     */
    public Failure explain(Throwable error, Object command, String commandName) {
        FailureHints hints = command instanceof FailureHints h ? h : NO_HINTS;
        if (error instanceof PilotException p) {
            return new Failure(p.exitCode(), p.getMessage());
        }
        if (error instanceof ConnectionException c) {
            return unreachable(c);
        }
        if (error instanceof SpikeException s) {
            return refused(s, hints, commandName);
        }
        LOG.debug("{} failed", commandName, error);
        return new Failure(ExitCode.FAILURE, "internal error in " + commandName + " (" + error.getClass().getSimpleName()
                + "): please report it; SPIKE_SYSTEM_LOG_LEVEL=DEBUG shows the details");
    }

    private Failure unreachable(ConnectionException e) {
        LOG.debug("cannot reach Nexus", e);
        SSLException tls = causeOfType(e, SSLException.class);
        if (tls != null) {
            return new Failure(ExitCode.UNREACHABLE, "the mTLS handshake with Nexus at " + nexusUrl + " failed ("
                    + rootMessage(tls) + "): it must present a Nexus SVID (spiffe://<trust domain>/spike/nexus, trust"
                    + " domains in SPIKE_TRUST_ROOT_NEXUS) from the same trust bundle as this Pilot");
        }
        HttpTimeoutException timeout = causeOfType(e, HttpTimeoutException.class);
        if (timeout != null && !(timeout instanceof HttpConnectTimeoutException)) {
            return new Failure(ExitCode.UNREACHABLE, "Nexus at " + nexusUrl + " accepted the connection but did not answer in"
                    + " time: check that it is Nexus and not stuck (its log, `spike status`), then try again");
        }
        return new Failure(ExitCode.UNREACHABLE, "Nexus at " + nexusUrl + " is not reachable (" + rootMessage(e)
                + "): start it with hack/start.sh, or point SPIKE_NEXUS_API_URL at it");
    }

    private Failure refused(SpikeException e, FailureHints hints, String commandName) {
        ErrorCode code = e.code();
        return switch (code) {
            case UNAUTHORIZED -> new Failure(ExitCode.UNAUTHORIZED, "not authorized: " + orElse(hints.unauthorized(),
                    "this Pilot's SPIFFE ID may not do that: it needs the superuser role (run "
                            + roles.command("superuser") + ") or a policy that grants it"));
            case NOT_FOUND -> new Failure(ExitCode.NOT_FOUND, orElse(hints.notFound(), "not found"));
            case CONFLICT -> new Failure(ExitCode.FAILURE, orElse(hints.conflict(),
                    "Nexus refused: the request conflicts with its current state (state_conflict): see `spike status`"));
            case NOT_READY -> new Failure(ExitCode.NOT_READY, notReady());
            case BAD_REQUEST -> new Failure(ExitCode.FAILURE, orElse(hints.badRequest(),
                    "Nexus refused the request as malformed (" + code.wire() + "): check the arguments with `"
                            + commandName + " --help`"));
            case TOO_LARGE -> new Failure(ExitCode.FAILURE, "the request is larger than Nexus accepts (1 MiB, "
                    + code.wire() + "): send less");
            case INTERNAL -> new Failure(ExitCode.FAILURE, "Nexus failed: " + e.getMessage()
                    + ": see the Nexus log (~/.spike/logs/nexus.log when started with hack/start.sh)");
        };
    }

    private String notReady() {
        String state;
        try {
            state = nexus.get().status().state();
        } catch (RuntimeException e) {
            LOG.debug("no status after a 503", e);
            return "Nexus is not ready yet (state_not_ready): see `spike status`";
        }
        if ("RESTORE_REQUIRED".equals(state)) {
            return "Nexus is not ready yet (state RESTORE_REQUIRED): it cannot recover the root key from Keepers;"
                    + " run `spike restore` once per recovery shard (see `spike status`)";
        }
        return "Nexus is not ready yet (state " + state + "): see `spike status`";
    }

    private static String orElse(String hint, String fallback) {
        return hint == null ? fallback : hint;
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The first message below {@code e} that says something, else the class of its cause. */
    private static String rootMessage(Throwable e) {
        Throwable first = e.getCause() == null ? e : e.getCause();
        for (Throwable t = first; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return first.getClass().getSimpleName();
    }
}
