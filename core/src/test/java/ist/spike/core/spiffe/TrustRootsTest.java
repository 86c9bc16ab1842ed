package ist.spike.core.spiffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spiffe.spiffeid.SpiffeId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustRootsTest {
    private final TrustRoots defaults = TrustRoots.fromEnvironment(Map.of());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "spiffe://spike.ist/spike/nexus, NEXUS",
        "spiffe://spike.ist/spike/nexus/0, NEXUS",
        "spiffe://spike.ist/spike/keeper/spike-keeper-0, KEEPER",
        "spiffe://spike.ist/spike/pilot/role/superuser, PILOT_SUPERUSER",
        "spiffe://spike.ist/spike/pilot/role/recover, PILOT_RECOVER",
        "spiffe://spike.ist/spike/pilot/role/restore/alice, PILOT_RESTORE",
        "spiffe://spike.ist/spike/workload/role/lite, LITE_WORKLOAD",
        "spiffe://spike.ist/spike/nexusx, ",
        "spiffe://spike.ist/spike/pilot/role/superuserx, ",
        "spiffe://spike.ist/spike/pilot/role, ",
        "spiffe://other.org/spike/nexus, ",
        "spiffe://spike.ist/workload/demo, ",
    })
    void rolesMatchTheBaseOrBelowItInATrustedDomain(String id, SpiffeRole expected) {
        assertThat(defaults.roleOf(SpiffeId.parse(id))).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void eachRoleHasItsOwnCommaListOfTrustDomains() {
        TrustRoots roots = TrustRoots.fromEnvironment(Map.of(
                "SPIKE_TRUST_ROOT_NEXUS", "a.org, b.org",
                "SPIKE_TRUST_ROOT_PILOT", " ,"));
        assertThat(roots.domainsOf(SpiffeRole.NEXUS)).containsExactlyInAnyOrder("a.org", "b.org");
        assertThat(roots.domainsOf(SpiffeRole.PILOT_RECOVER)).containsExactly("spike.ist");
        assertThat(roots.hasRole(SpiffeId.parse("spiffe://b.org/spike/nexus"), SpiffeRole.NEXUS)).isTrue();
        assertThat(roots.hasRole(SpiffeId.parse("spiffe://spike.ist/spike/nexus"), SpiffeRole.NEXUS)).isFalse();
        assertThat(roots.anyOf(SpiffeRole.KEEPER, SpiffeRole.NEXUS).test(SpiffeId.parse("spiffe://a.org/spike/nexus")))
                .isTrue();
    }

    @Test
    void aMalformedTrustDomainNamesItsVariable() {
        assertThatThrownBy(() -> TrustRoots.fromEnvironment(Map.of("SPIKE_TRUST_ROOT_KEEPER", "Bad Domain!")))
                .hasMessageContaining("SPIKE_TRUST_ROOT_KEEPER");
    }

    @Test
    void socketAddressDefaultsAndNormalizes() {
        assertThat(WorkloadApi.socketAddress(Map.of())).isEqualTo("unix:///tmp/spire-agent/public/api.sock");
        assertThat(WorkloadApi.socketAddress(Map.of("SPIFFE_ENDPOINT_SOCKET", "/x/y.sock"))).isEqualTo("unix:///x/y.sock");
    }
}
