package ist.spike.nexus.status;

import ist.spike.core.api.Empty;
import ist.spike.core.api.StatusMessages.NexusStatus;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.Guard;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import java.util.Set;

/** {@code POST /v1/status}: the status object, for any SVID of a trust domain Nexus trusts; works in every state. */
public final class StatusRoute extends JsonRoute<Empty, NexusStatus> {
    public static final RouteKey KEY = RouteKey.of("/v1/status");

    private final NexusStatusReport report;

    public StatusRoute(NexusStatusReport report, Set<String> trustDomains) {
        super(KEY, Empty.class, anySvidOf(trustDomains));
        this.report = report;
    }

    /** The guard of the public routes: any SVID of a trust domain Nexus trusts. */
    public static <Q> Guard<Q> anySvidOf(Set<String> trustDomains) {
        return (caller, request) -> {
            if (!trustDomains.contains(caller.getTrustDomain().getName())) {
                throw new SpikeException(ErrorCode.UNAUTHORIZED, "not a SPIFFE ID of a trusted domain");
            }
        };
    }

    @Override
    protected NexusStatus act(ApiCall call, Empty request) {
        return report.status();
    }
}
