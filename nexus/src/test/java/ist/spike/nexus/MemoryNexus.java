package ist.spike.nexus;

import ist.spike.core.testing.SpikeSystem;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** {@code bin/spike-nexus} on the memory backend, as the ITs run it: the system's agent, loopback ports, READY. */
final class MemoryNexus {
    private MemoryNexus() {
    }

    /** Starts the dev agent and Nexus; returns once Nexus answers {@code /readyz}. */
    static SpikeSystem.Proc start(SpikeSystem system, int apiPort, int healthPort) throws IOException {
        system.startAgent();
        SpikeSystem.Proc nexus = system.start("nexus", Map.of(
                "SPIFFE_ENDPOINT_SOCKET", "unix://" + system.agentSocket("nexus"),
                "SPIKE_NEXUS_BACKEND_STORE", "memory",
                "SPIKE_NEXUS_TLS_PORT", "127.0.0.1:" + apiPort,
                "SPIKE_NEXUS_HEALTH_PORT", "127.0.0.1:" + healthPort), "bin/spike-nexus");
        SpikeSystem.awaitOrFail(nexus, Duration.ofSeconds(30), () -> {
            var r = SpikeSystem.health(healthPort, "/readyz");
            return r != null && r.statusCode() == 200;
        });
        return nexus;
    }
}
