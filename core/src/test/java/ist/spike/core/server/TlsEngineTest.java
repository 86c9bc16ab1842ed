package ist.spike.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsEngineTest {
    @Test
    void boringSslUnlessTheJdkIsAskedFor() {
        assertThat(TlsEngine.fromEnvironment(Map.of())).isEqualTo(TlsEngine.BORINGSSL);
        assertThat(TlsEngine.fromEnvironment(Map.of("SPIKE_TLS_ENGINE", " BoringSSL "))).isEqualTo(TlsEngine.BORINGSSL);
        assertThat(TlsEngine.fromEnvironment(Map.of("SPIKE_TLS_ENGINE", "jdk"))).isEqualTo(TlsEngine.JDK);
    }

    @Test
    void anythingElseIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> TlsEngine.fromEnvironment(Map.of("SPIKE_TLS_ENGINE", "openssl")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPIKE_TLS_ENGINE").hasMessageContaining("boringssl or jdk");
    }

    @Test
    void boringSslLoadsOnTheBuildMachine() {
        // linux x86_64 and aarch64 carry the library; a build elsewhere would serve with the JDK's TLS.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"));
        assertThat(BoringSslContextFactory.available()).as(BoringSslContextFactory.unavailableReason()).isTrue();
        assertThat(BoringSslContextFactory.version()).startsWith("BoringSSL");
    }
}
