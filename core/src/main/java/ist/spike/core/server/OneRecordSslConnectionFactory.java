package ist.spike.core.server;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS connections whose small answers leave as one TLS record. Jetty hands the engine an answer
 * as several buffers (headers, body); netty's BoringSSL engine, like the JDK's contract allows,
 * seals one buffer per call, so an answer became two records: two seals here, two opens in every
 * client. Buffers that fit one record (16 KiB) are joined first, in a pooled direct buffer
 * (BoringSSL reads native memory without a copy), zeroed before it goes back: it held the answer.
 */
final class OneRecordSslConnectionFactory extends SslConnectionFactory {
    /** The most plaintext one TLS record carries. */
    static final int MAX_RECORD_PLAINTEXT = 16 * 1024;

    OneRecordSslConnectionFactory(SslContextFactory.Server tls, String nextProtocol) {
        super(tls, nextProtocol);
    }

    @Override
    protected SslConnection newSslConnection(Connector connector, EndPoint endPoint, SSLEngine engine) {
        return new OneRecordSslConnection(connector.getByteBufferPool(), connector, getSslContextFactory(), endPoint, engine,
                isDirectBuffersForEncryption(), isDirectBuffersForDecryption());
    }

    private static final class OneRecordSslConnection extends SslConnection {
        private final ByteBufferPool pool;

        OneRecordSslConnection(ByteBufferPool pool, Connector connector, SslContextFactory tls, EndPoint endPoint,
                               SSLEngine engine, boolean directForEncryption, boolean directForDecryption) {
            super(pool, connector.getExecutor(), tls, endPoint, engine, directForEncryption, directForDecryption);
            this.pool = pool;
        }

        @Override
        protected SSLEngineResult wrap(SSLEngine engine, ByteBuffer[] srcs, ByteBuffer dst) throws SSLException {
            int parts = 0;
            long total = 0;
            for (ByteBuffer b : srcs) {
                if (b.hasRemaining()) {
                    parts++;
                    total += b.remaining();
                }
            }
            if (parts < 2 || total > MAX_RECORD_PLAINTEXT) {
                return super.wrap(engine, srcs, dst);
            }
            return wrapJoined(engine, srcs, (int) total, dst);
        }

        private SSLEngineResult wrapJoined(SSLEngine engine, ByteBuffer[] srcs, int total, ByteBuffer dst) throws SSLException {
            RetainableByteBuffer joined = pool.acquire(total, true);
            ByteBuffer one = joined.getByteBuffer();
            int start = BufferUtil.flipToFill(one);
            try {
                for (ByteBuffer b : srcs) {
                    one.put(b.duplicate());
                }
                BufferUtil.flipToFlush(one, start);
                SSLEngineResult result = super.wrap(engine, new ByteBuffer[] {one}, dst);
                // The callers' buffers advance by what the engine took of the joined one.
                int consumed = result.bytesConsumed();
                for (ByteBuffer b : srcs) {
                    int n = Math.min(consumed, b.remaining());
                    b.position(b.position() + n);
                    consumed -= n;
                }
                return result;
            } finally {
                for (int i = 0; i < total; i++) {
                    one.put(start + i, (byte) 0);
                }
                joined.release();
            }
        }
    }
}
