package ist.spike.core.server;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed TLS handshakes (a client without a certificate, one from an untrusted domain or with a
 * refused SPIFFE ID) at INFO with the peer's address and the reason, at most one line a second; a
 * line says how many failures it stood for, so a flood neither hides nor floods the log.
 */
final class HandshakeFailureLog implements SslHandshakeListener {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeFailureLog.class);
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final String server;
    private final AtomicLong nextLine = new AtomicLong(System.nanoTime());
    private final AtomicLong unlogged = new AtomicLong();

    /** @param server which server's handshakes, for the log line ({@code API}, {@code Keeper}) */
    HandshakeFailureLog(String server) {
        this.server = server;
    }

    @Override
    public void handshakeFailed(Event event, Throwable failure) {
        long failures = unlogged.incrementAndGet();
        long now = System.nanoTime();
        long next = nextLine.get();
        if (now - next < 0 || !nextLine.compareAndSet(next, now + INTERVAL_NANOS)) {
            return;
        }
        unlogged.addAndGet(-failures);
        LOG.info("{} TLS handshake from {} failed: {}{}", server, event.getEndPoint().getRemoteSocketAddress(),
                failure.getMessage(), failures > 1 ? " (" + (failures - 1) + " more failures since the last such line)" : "");
    }
}
