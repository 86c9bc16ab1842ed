package ist.spike.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spiffe.bundle.x509bundle.X509Bundle;
import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.spiffeid.TrustDomain;
import io.spiffe.svid.x509svid.X509Svid;
import io.spiffe.svid.x509svid.X509SvidValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path home;

    @Test
    void issuesSvidsThatJavaSpiffeAcceptsAndKeepsTheCaAcrossRestarts() throws Exception {
        AgentPaths paths = AgentPaths.underHome(home);
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(paths, "spike.ist");
        Svid svid = ca.issue(SpiffeId.parse("spiffe://spike.ist/spike/nexus"), Duration.ofMinutes(10));

        X509Svid parsed = X509Svid.parseRaw(svid.leaf().getEncoded(), svid.key().getEncoded());
        assertThat(parsed.getSpiffeId().toString()).isEqualTo("spiffe://spike.ist/spike/nexus");
        X509Bundle bundle = new X509Bundle(TrustDomain.parse("spike.ist"));
        bundle.addX509Authority(ca.certificate());
        X509SvidValidator.verifyChain(parsed.getChain(), bundle::getBundleForTrustDomain);
        X509SvidValidator.verifySpiffeId(parsed.getLeaf(), () -> Set.of(parsed.getSpiffeId()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.caKey()))).isEqualTo("rw-------");
        CertificateAuthority again = CertificateAuthority.loadOrCreate(paths, "spike.ist");
        assertThat(again.certificate()).isEqualTo(ca.certificate());
        assertThat(svid.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void refusesIdsOfAnotherTrustDomainAndAnUnreadableCa() throws Exception {
        AgentPaths paths = AgentPaths.underHome(home);
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(paths, "spike.ist");
        assertThatThrownBy(() -> ca.issue(SpiffeId.parse("spiffe://other.org/x"), Duration.ofMinutes(1)))
                .hasMessageContaining("outside the trust domain");
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(paths, "other.org"))
                .hasMessageContaining("is for trust domain spike.ist");
        Files.writeString(paths.caKey(), "garbage");
        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(paths, "spike.ist"))
                .isInstanceOf(AgentException.class).hasMessageContaining("cannot be read");
        assertThat(List.of(ca.certificate().getBasicConstraints())).containsExactly(Integer.MAX_VALUE);
    }
}
