package ist.spike.agent;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload.X509BundlesRequest;
import io.spiffe.workloadapi.grpc.Workload.X509BundlesResponse;
import io.spiffe.workloadapi.grpc.Workload.X509SVID;
import io.spiffe.workloadapi.grpc.Workload.X509SVIDRequest;
import io.spiffe.workloadapi.grpc.Workload.X509SVIDResponse;
import java.security.cert.CertificateEncodingException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Workload API of one socket: it hands out the SVID of that socket's entry and keeps every
 * {@code FetchX509SVID} and {@code FetchX509Bundles} stream open, pushing a new answer whenever
 * {@link #publish} is called (rotation, or an entry change). Thread-safe.
 */
final class WorkloadEndpoint extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(WorkloadEndpoint.class);

    private final String socket;
    private final Set<ServerCallStreamObserver<X509SVIDResponse>> svidWatchers = ConcurrentHashMap.newKeySet();
    private final Set<ServerCallStreamObserver<X509BundlesResponse>> bundleWatchers = ConcurrentHashMap.newKeySet();
    private volatile X509SVIDResponse svidResponse;
    private volatile X509BundlesResponse bundlesResponse;
    private volatile Svid current;

    WorkloadEndpoint(String socket) {
        this.socket = socket;
    }

    /** Makes {@code svid} the answer of this socket and pushes it to every open stream. */
    void publish(Entry entry, Svid svid, String trustDomain) {
        ByteString bundle = der(svid.ca());
        svidResponse = X509SVIDResponse.newBuilder()
                .addSvids(X509SVID.newBuilder()
                        .setSpiffeId(entry.spiffeId())
                        .setX509Svid(der(svid.leaf()))
                        .setX509SvidKey(ByteString.copyFrom(svid.key().getEncoded()))
                        .setBundle(bundle)
                        .setHint(entry.name()))
                .build();
        bundlesResponse = X509BundlesResponse.newBuilder().putBundles(trustDomain, bundle).build();
        current = svid;
        svidWatchers.forEach(w -> send(svidWatchers, w, svidResponse));
        bundleWatchers.forEach(w -> send(bundleWatchers, w, bundlesResponse));
        LOG.info("socket {} now serves {} (valid until {}) to {} watcher(s)", socket, entry.spiffeId(),
                svid.notAfter(), svidWatchers.size());
    }

    Svid current() {
        return current;
    }

    @Override
    public void fetchX509SVID(X509SVIDRequest request, StreamObserver<X509SVIDResponse> observer) {
        watch(svidWatchers, observer, svidResponse);
    }

    @Override
    public void fetchX509Bundles(X509BundlesRequest request, StreamObserver<X509BundlesResponse> observer) {
        watch(bundleWatchers, observer, bundlesResponse);
    }

    /** Ends every stream, so clients reconnect (and find the socket gone) instead of hanging. */
    void closeStreams() {
        svidWatchers.forEach(w -> complete(svidWatchers, w));
        bundleWatchers.forEach(w -> complete(bundleWatchers, w));
    }

    private static <T> void watch(Set<ServerCallStreamObserver<T>> watchers, StreamObserver<T> observer, T first) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) observer;
        call.setOnCancelHandler(() -> watchers.remove(call));
        watchers.add(call);
        send(watchers, call, first);
    }

    private static <T> void send(Set<ServerCallStreamObserver<T>> watchers, ServerCallStreamObserver<T> call, T message) {
        // A stream observer is not thread-safe: rotation and a new stream may race here.
        synchronized (call) {
            if (call.isCancelled()) {
                watchers.remove(call);
                return;
            }
            try {
                call.onNext(message);
            } catch (RuntimeException e) {
                watchers.remove(call);
            }
        }
    }

    private static <T> void complete(Set<ServerCallStreamObserver<T>> watchers, ServerCallStreamObserver<T> call) {
        synchronized (call) {
            watchers.remove(call);
            try {
                call.onCompleted();
            } catch (RuntimeException ignored) {
                // already closed by the client
            }
        }
    }

    private static ByteString der(java.security.cert.X509Certificate cert) {
        try {
            return ByteString.copyFrom(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }
}
