package ist.spike.core.server;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.spiffe.PeerIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The Jetty side of the API: reads the caller's SPIFFE ID from the mTLS session, the action from
 * the query, the body up to the cap (413 beyond it), and hands the call to the {@link Router}.
 */
final class Dispatcher extends Handler.Abstract {
    private final Router router;
    private final int maxBodyBytes;

    Dispatcher(Router router, int maxBodyBytes) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        SpiffeId caller = peer(request);
        ApiResponse answer;
        String action;
        byte[] body;
        try {
            action = action(request);
            body = readBody(request);
        } catch (Refusal r) {
            write(response, callback, router.refuse(path, caller, r.code));
            return true;
        }
        answer = router.dispatch(request.getMethod(), path, action, caller,
                request.getHeaders().get(HttpHeader.CONTENT_TYPE), body);
        write(response, callback, answer);
        return true;
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

    private static SpiffeId peer(Request request) {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (!(data instanceof EndPoint.SslSessionData ssl)) {
            return null;
        }
        X509Certificate[] chain = ssl.peerCertificates();
        return chain == null || chain.length == 0 ? null : PeerIdentity.of(chain[0]).orElse(null);
    }

    private byte[] readBody(Request request) throws Refusal {
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (request.getLength() > maxBodyBytes) {
                drain(in, request.getLength());
                throw new Refusal(ErrorCode.TOO_LARGE);
            }
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                drain(in, -1);
                throw new Refusal(ErrorCode.TOO_LARGE);
            }
            return body;
        } catch (IOException e) {
            throw new Refusal(ErrorCode.BAD_REQUEST);
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
