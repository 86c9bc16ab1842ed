package ist.spike.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.spiffe.bundle.x509bundle.X509BundleSet;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.workloadapi.DefaultWorkloadApiClient;
import io.spiffe.workloadapi.WorkloadApiClient;
import io.spiffe.workloadapi.X509Source;
import io.spiffe.workloadapi.grpc.SpiffeWorkloadAPIGrpc;
import io.spiffe.workloadapi.grpc.Workload;
import ist.spike.core.spiffe.WorkloadApi;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workload API details against a real agent: bundles, the security header, rotation before expiry. */
class WorkloadApiProtocolIT {
    @TempDir
    Path home;

    private AgentProcess agent;

    @BeforeEach
    void start() throws Exception {
        agent = AgentProcess.start(home, "--svid-ttl", "4s");
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void bundlesAreServedFromTheSameCa() throws Exception {
        try (WorkloadApiClient client = DefaultWorkloadApiClient.newClient(DefaultWorkloadApiClient.ClientOptions.builder()
                .spiffeSocketPath("unix://" + AgentProcess.agentSocket(home, "keeper")).build())) {
            X509BundleSet bundles = client.fetchX509Bundles();
            var authorities = bundles.getBundleForTrustDomain(TrustDomain.parse("spike.ist")).getX509Authorities();
            assertThat(authorities).hasSize(1);
            assertThat(authorities.iterator().next().getEncoded())
                    .isEqualTo(java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificate(Files.newInputStream(AgentPaths.underHome(home).caCertificate()))
                            .getEncoded());
        }
    }

    @Test
    void callsWithoutTheSecurityHeaderAreRefused() throws Exception {
        EpollEventLoopGroup group = new EpollEventLoopGroup(1);
        ManagedChannel channel = NettyChannelBuilder
                .forAddress(new DomainSocketAddress(AgentProcess.agentSocket(home, "nexus").toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(group)
                .usePlaintext()
                .build();
        try {
            var stub = SpiffeWorkloadAPIGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> stub.fetchX509SVID(Workload.X509SVIDRequest.getDefaultInstance()).next())
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        } finally {
            channel.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void svidsAreRotatedBeforeTheyExpire() throws Exception {
        try (X509Source source = WorkloadApi.x509Source("unix://" + AgentProcess.agentSocket(home, "nexus"), Duration.ofSeconds(10))) {
            var first = source.getX509Svid().getLeaf();
            BigInteger firstSerial = first.getSerialNumber();
            // notBefore is backdated for clock skew; the 4 s lifetime counts back from notAfter.
            Instant issued = first.getNotAfter().toInstant().minus(Duration.ofSeconds(4));
            await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !source.getX509Svid().getLeaf().getSerialNumber().equals(firstSerial));
            Instant rotated = Instant.now();
            var second = source.getX509Svid().getLeaf();
            // Not before half the lifetime (one poll of slack), and while the first one was still valid.
            assertThat(rotated).isAfterOrEqualTo(issued.plus(Duration.ofMillis(2000 - 100)));
            assertThat(rotated).isBefore(first.getNotAfter().toInstant());
            assertThat(second.getNotAfter()).isAfter(first.getNotAfter());
            assertThat(source.getX509Svid().getSpiffeId().toString()).isEqualTo("spiffe://spike.ist/spike/nexus");
        }
    }
}
