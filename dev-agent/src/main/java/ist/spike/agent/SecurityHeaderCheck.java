package ist.spike.agent;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Refuses calls without {@code workload.spiffe.io: true}, as the Workload API specification requires. */
final class SecurityHeaderCheck implements ServerInterceptor {
    private static final Metadata.Key<String> HEADER = Metadata.Key.of("workload.spiffe.io", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!"true".equals(headers.get(HEADER))) {
            call.close(Status.INVALID_ARGUMENT.withDescription("security header missing from request"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
