package ist.spike.core.server;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.spiffe.PeerIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty side of the API: reads the caller's SPIFFE ID from the mTLS session, the action from
 * the query, the body up to the cap (413 beyond it), and hands the call to the {@link Router}.
 *
 * <p>Security: a request body is read on a server thread, so a slow body holds one. Three bounds
 * keep any caller from holding them all: the router's {@link Router#preflight} refuses, body
 * unread, a call that cannot succeed whatever its body (no route, no identity, a caller its gate
 * does not admit); the whole body must arrive within {@code bodyTimeout} (the idle timeout counts
 * per read, so a trickle would never meet it); and one identity has at most
 * {@code maxCallsPerIdentity} calls waiting for the rest of their bodies at once. Calls whose body
 * has arrived are not capped per identity: every replica of a workload shares its SPIFFE ID, and
 * their calls only wait on the server.
 *
 * <p>Threads: Jetty calls {@link #handle} on the thread that read the request (a selector thread;
 * the handler is non-blocking). What it does there never waits: the preflight, and taking the body
 * chunks already read. A {@link Route#quick() quick} route whose body came whole is tried on the
 * spot, answering from memory only (a secret get of a cached secret: no hand-off, measured 30-40 %
 * less server CPU per get); one that would wait ({@link WouldBlock}), every other call, and any
 * whose body is still on its way continue on the server's pool, so a selector thread never waits
 * on a disk. Each refusal closes the connection.
 */
final class Dispatcher extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** Where a TLS session keeps its peer's SPIFFE ID. */
    private static final String PEER = "ist.spike.peer";

    private final Router router;
    private final int maxBodyBytes;
    private final Duration bodyTimeout;
    private final int maxCallsPerIdentity;
    private final Map<SpiffeId, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    Dispatcher(Router router, int maxBodyBytes, Duration bodyTimeout, int maxCallsPerIdentity) {
        super(InvocationType.NON_BLOCKING);
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
        this.maxCallsPerIdentity = maxCallsPerIdentity;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        SpiffeId caller = peer(request);
        String action;
        try {
            action = action(request);
        } catch (Refusal r) {
            refuse(response, callback, path, caller, r.code);
            return true;
        }
        ErrorCode early = router.preflight(request.getMethod(), path, action, caller);
        if (early != null) {
            refuse(response, callback, path, caller, early);
            return true;
        }
        ByteArrayOutputStream arrived = new ByteArrayOutputStream(256);
        boolean whole;
        try {
            whole = request.getLength() <= maxBodyBytes && takeArrived(request, arrived);
        } catch (Refusal r) {
            refuse(response, callback, path, caller, r.code);
            return true;
        }
        if (whole && router.isQuick(path, action)) {
            byte[] body = arrived.toByteArray();
            try {
                write(response, callback, router.dispatch(request.getMethod(), path, action, caller,
                        request.getHeaders().get(HttpHeader.CONTENT_TYPE), body, false));
                return true;
            } catch (WouldBlock notFromMemory) {
                // Continues on the pool, from the start.
            }
        }
        try {
            request.getComponents().getThreadPool().execute(() -> {
                byte[] body;
                try {
                    body = whole ? arrived.toByteArray() : readRest(request, caller, arrived);
                } catch (Refusal r) {
                    refuse(response, callback, path, caller, r.code);
                    return;
                }
                write(response, callback, router.dispatch(request.getMethod(), path, action, caller,
                        request.getHeaders().get(HttpHeader.CONTENT_TYPE), body));
            });
        } catch (RejectedExecutionException stopping) {
            refuse(response, callback, path, caller, ErrorCode.NOT_READY);
        }
        return true;
    }

    /** Answers without having read (all of) the body: the connection cannot carry another request. */
    private void refuse(Response response, Callback callback, String path, SpiffeId caller, ErrorCode code) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        write(response, callback, router.refuse(path, caller, code));
    }

    private static final class Refusal extends Exception {
        final ErrorCode code;

        Refusal(ErrorCode code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private static void write(Response response, Callback callback, ApiResponse answer) {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

    private static String action(Request request) throws Refusal {
        Fields query;
        try {
            query = Request.extractQueryParameters(request);
        } catch (RuntimeException e) {
            throw new Refusal(ErrorCode.BAD_REQUEST);
        }
        Fields.Field action = query.get("action");
        if (action != null && action.getValues().size() > 1) {
            throw new Refusal(ErrorCode.BAD_REQUEST);
        }
        return action == null ? "" : action.getValue();
    }

    /**
     * The caller's SPIFFE ID, read from the leaf certificate once per TLS session and kept with it
     * (a session's peer certificates never change; a resumed session is the same peer).
     */
    private static SpiffeId peer(Request request) {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (!(data instanceof EndPoint.SslSessionData ssl)) {
            return null;
        }
        SSLSession session = ssl.sslSession();
        if (session != null && session.getValue(PEER) instanceof SpiffeId known) {
            return known;
        }
        X509Certificate[] chain = ssl.peerCertificates();
        SpiffeId caller = chain == null || chain.length == 0 ? null : PeerIdentity.of(chain[0]).orElse(null);
        if (caller != null && session != null) {
            session.putValue(PEER, caller);
        }
        return caller;
    }

    /**
     * The rest of a body whose first chunks ({@code arrived}) came with the headers, whole within
     * {@link #bodyTimeout} or not at all (the connection is then closed under the read). Such a call
     * holds a pool thread at its caller's pace, so these calls count against the identity's cap; a
     * small body usually comes whole with the headers and never gets here.
     */
    private byte[] readRest(Request request, SpiffeId caller, ByteArrayOutputStream arrived) throws Refusal {
        AtomicInteger calls = inProgress.compute(caller, (c, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            count.incrementAndGet();
            return count;
        });
        try {
            if (calls.get() > maxCallsPerIdentity) {
                LOG.debug("refused a call of {}: {} calls of it already waiting for their bodies", caller, maxCallsPerIdentity);
                throw new Refusal(ErrorCode.NOT_READY);
            }
            return readRest(request, arrived);
        } finally {
            // An identity with nothing in progress leaves the map.
            inProgress.computeIfPresent(caller, (c, n) -> n.decrementAndGet() == 0 ? null : n);
        }
    }

    /**
     * Takes the body's chunks that are already here, without waiting. True when the whole body was
     * among them; false when more is to come or it outgrew the cap (left to {@link #readRest}).
     */
    private boolean takeArrived(Request request, ByteArrayOutputStream arrived) throws Refusal {
        for (Content.Chunk chunk = request.read(); chunk != null; chunk = request.read()) {
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    throw new Refusal(ErrorCode.BAD_REQUEST);
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                arrived.writeBytes(copy);
                if (arrived.size() > maxBodyBytes) {
                    return false;
                }
                if (chunk.isLast()) {
                    return true;
                }
            } finally {
                chunk.release();
            }
        }
        return false;
    }

    /** The rest of the body, read at the caller's pace until {@link #bodyTimeout}. */
    private byte[] readRest(Request request, ByteArrayOutputStream arrived) throws Refusal {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        Scheduler.Task deadline = request.getComponents().getScheduler().schedule(
                () -> endPoint.close(new TimeoutException("request body not received in time")),
                bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (request.getLength() > maxBodyBytes) {
                drain(in, request.getLength());
                throw new Refusal(ErrorCode.TOO_LARGE);
            }
            byte[] rest = in.readNBytes(Math.max(0, maxBodyBytes - arrived.size()) + 1);
            if (arrived.size() + rest.length > maxBodyBytes) {
                drain(in, -1);
                throw new Refusal(ErrorCode.TOO_LARGE);
            }
            arrived.writeBytes(rest);
            return arrived.toByteArray();
        } catch (IOException e) {
            throw new Refusal(ErrorCode.BAD_REQUEST);
        } finally {
            deadline.cancel();
        }
    }

    /**
     * Reads and drops a moderately oversized body, so a client still sending it can read the 413
     * instead of meeting a reset connection. Bodies past the drain limit are not read: the
     * connection then closes with the answer.
     */
    private void drain(InputStream in, long declared) throws IOException {
        long limit = 4L * maxBodyBytes;
        if (declared > limit) {
            return;
        }
        byte[] scratch = new byte[16 * 1024];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(scratch)) > 0) {
            total += n;
        }
    }
}
