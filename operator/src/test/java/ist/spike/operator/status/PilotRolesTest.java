package ist.spike.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.operator.model.PilotSpec;
import ist.spike.operator.model.PilotStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PilotRolesTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Runbook RUNBOOK = new Runbook("ns", "demo", "spike.ist", true);

    private static PilotSpec spec(String role, String resetAfter) {
        PilotSpec spec = new PilotSpec();
        spec.setEnabled(true);
        spec.setRole(role);
        spec.setRoleResetAfter(resetAfter);
        return spec;
    }

    private static PilotStatus at(PilotSpec spec, PilotStatus previous, Instant now) {
        return PilotRoles.next(spec, previous, now).map(g -> PilotRoles.status(g, RUNBOOK, null)).orElse(null);
    }

    @Test
    void aRecoverGrantLastsResetAfterThenSuperuserIsBackUntilTheRoleChangesAgain() {
        PilotSpec recover = spec("recover", "15m");
        PilotStatus granted = at(recover, at(spec("superuser", "15m"), null, T0), T0.plusSeconds(60));
        assertThat(granted.getRole()).isEqualTo("recover");
        assertThat(granted.getGrantedAt()).isEqualTo("2026-12-02T10:01:00Z");
        assertThat(granted.getExpiresAt()).isEqualTo("2026-12-02T10:16:00Z");

        PilotStatus still = at(recover, granted, T0.plus(Duration.ofMinutes(15)).plusSeconds(59));
        assertThat(still).isEqualTo(granted);

        PilotStatus expired = at(recover, still, T0.plus(Duration.ofMinutes(16)));
        assertThat(expired.getRole()).isEqualTo("superuser");
        assertThat(expired.getRequestedRole()).isEqualTo("recover");
        assertThat(expired.getGrantedAt()).isEqualTo("2026-12-02T10:16:00Z");
        assertThat(expired.getExpiresAt()).isNull();
        assertThat(expired.getMessage()).contains("The recover role ran out at 2026-12-02T10:16:00Z");
        // Days later, the same spec still grants nothing.
        assertThat(at(recover, expired, T0.plus(Duration.ofDays(3)))).isEqualTo(expired);

        PilotStatus back = at(spec("superuser", "15m"), expired, T0.plus(Duration.ofDays(3)));
        PilotStatus again = at(recover, back, T0.plus(Duration.ofDays(3)).plusSeconds(5));
        assertThat(again.getRole()).isEqualTo("recover");
    }

    @Test
    void aShorterResetAfterShortensTheGrantInForce() {
        PilotStatus granted = at(spec("restore", "1h"), null, T0);
        PilotStatus shorter = at(spec("restore", "10m"), granted, T0.plusSeconds(60));
        assertThat(shorter.getExpiresAt()).isEqualTo("2026-12-02T10:10:00Z");
        assertThat(at(spec("restore", "10m"), shorter, T0.plus(Duration.ofMinutes(11))).getRole()).isEqualTo("superuser");
    }

    @Test
    void aLongerResetAfterDoesNotExtendTheGrantInForce() {
        PilotStatus granted = at(spec("recover", "15m"), null, T0);
        PilotStatus longer = at(spec("recover", "24h"), granted, T0.plusSeconds(60));
        assertThat(longer.getExpiresAt()).isEqualTo(granted.getExpiresAt());
        assertThat(at(spec("recover", "24h"), longer, T0.plus(Duration.ofMinutes(15))).getRole()).isEqualTo("superuser");
    }

    @Test
    void superuserAndNoneNeverRunOutAndADisabledPilotHasNoStatus() {
        assertThat(at(spec("superuser", "1s"), null, T0).getExpiresAt()).isNull();
        assertThat(at(spec("none", "1s"), null, T0).getRole()).isEqualTo("none");
        PilotSpec off = spec("recover", "15m");
        off.setEnabled(false);
        assertThat(PilotRoles.next(off, null, T0)).isEmpty();
    }

    @Test
    void whileTheSpecIsInvalidAGrantRunsOutToNoIdentityAtAll() {
        PilotStatus granted = at(spec("restore", "15m"), null, T0);
        assertThat(PilotRoles.whileSpecInvalid(granted, T0.plusSeconds(60))).isSameAs(granted);
        PilotStatus out = PilotRoles.whileSpecInvalid(granted, T0.plus(Duration.ofMinutes(15)));
        assertThat(out.getRole()).isEqualTo("none");
        assertThat(out.getMessage()).contains("until the spec is fixed");
        PilotStatus superuser = at(spec("superuser", "15m"), null, T0);
        assertThat(PilotRoles.whileSpecInvalid(superuser, T0.plus(Duration.ofDays(1)))).isSameAs(superuser);
        // Fixed later: superuser, not the lapsed grant.
        assertThat(at(spec("restore", "15m"), out, T0.plus(Duration.ofHours(1))).getRole()).isEqualTo("superuser");
    }

    @ParameterizedTest
    @CsvSource({"15m, PT15M", "1h30m, PT1H30M", "90s, PT1M30S", "24h, PT24H", "1s, PT1S"})
    void resetAfterReadsGoDurations(String text, String expected) {
        assertThat(PilotRoles.resetAfter(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0s", "25h", "15", "m", "1m1h", "-1m", "15 m", "99999999999999999999h"})
    void resetAfterRefusesTheRest(String text) {
        assertThat(PilotRoles.resetAfter(text)).isEmpty();
    }
}
