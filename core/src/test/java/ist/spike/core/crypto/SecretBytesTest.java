package ist.spike.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
    @Test
    void neverShowsItsBytes() {
        SecretBytes s = SecretBytes.copyOf("hunter2-hunter2".getBytes(StandardCharsets.UTF_8));
        assertThat(s.toString()).isEqualTo("SecretBytes[15 bytes, redacted]").doesNotContain("hunter2");
        assertThat(s.hashCode()).isEqualTo(15);
    }

    @Test
    void copiesInAndOut() {
        byte[] source = {1, 2, 3};
        SecretBytes s = SecretBytes.copyOf(source);
        source[0] = 9;
        byte[] out = s.revealCopy();
        out[1] = 9;
        assertThat(s.revealCopy()).containsExactly(1, 2, 3);
    }

    @Test
    void equalityIsByContent() {
        assertThat(SecretBytes.copyOf(new byte[] {1, 2})).isEqualTo(SecretBytes.copyOf(new byte[] {1, 2}))
                .isNotEqualTo(SecretBytes.copyOf(new byte[] {1, 3}))
                .isNotEqualTo(SecretBytes.copyOf(new byte[] {1}));
    }

    @Test
    void destroyZeroesAndForbidsFurtherUse() {
        byte[] owned = {7, 7, 7};
        SecretBytes s = SecretBytes.takeOwnership(owned);
        s.destroy();
        assertThat(owned).containsOnly(0);
        assertThat(s.isDestroyed()).isTrue();
        assertThatThrownBy(s::revealCopy).isInstanceOf(IllegalStateException.class);
        s.destroy();
    }

    @Test
    void knowsAnAllZeroValue() {
        assertThat(SecretBytes.copyOf(new byte[32]).isAllZero()).isTrue();
        assertThat(SecretBytes.copyOf(new byte[] {0, 0, 1}).isAllZero()).isFalse();
        assertThat(SecretBytes.random(32).length()).isEqualTo(32);
    }
}
