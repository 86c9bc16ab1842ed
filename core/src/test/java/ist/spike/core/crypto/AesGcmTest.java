package ist.spike.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.core.error.SpikeException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AesGcmTest {
    private final AesGcm aead = new AesGcm(SecretBytes.random(32));
    private final byte[] aad = "secrets|db/creds|3|password".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealsAndOpensWithTheSameAssociatedData() {
        byte[] plaintext = "hunter2".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = aead.seal(plaintext, aad);
        assertThat(sealed).hasSize(12 + plaintext.length + 16);
        assertThat(aead.open(sealed, aad)).isEqualTo(plaintext);
        assertThat(aead.open(aead.seal(new byte[0], null), null)).isEmpty();
    }

    @Test
    void everySealUsesAFreshNonce() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            nonces.add(Arrays.toString(Arrays.copyOf(aead.seal(new byte[] {1}, aad), 12)));
        }
        assertThat(nonces).hasSize(1000);
    }

    @Test
    void otherAssociatedDataTamperingOrKeyFailWithoutDetail() {
        byte[] sealed = aead.seal("v".getBytes(StandardCharsets.UTF_8), aad);
        byte[] otherRow = "secrets|db/creds|4|password".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> aead.open(sealed, otherRow)).isInstanceOf(SpikeException.class)
                .hasMessageContaining("decryption failed");
        byte[] flipped = sealed.clone();
        flipped[15] ^= 1;
        assertThatThrownBy(() -> aead.open(flipped, aad)).isInstanceOf(SpikeException.class);
        assertThatThrownBy(() -> new AesGcm(SecretBytes.random(32)).open(sealed, aad)).isInstanceOf(SpikeException.class);
        assertThatThrownBy(() -> aead.open(new byte[5], aad)).hasMessageContaining("too short");
    }

    @Test
    void manyThreadsShareOneInstanceAndAFailedOpenLeavesNothingBehind() throws Exception {
        byte[] sealed = aead.seal("v".getBytes(StandardCharsets.UTF_8), aad);
        byte[] flipped = sealed.clone();
        flipped[13] ^= 1;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                byte[] mine = ("value-" + t).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!Arrays.equals(aead.open(aead.seal(mine, aad), aad), mine)) {
                            return false;
                        }
                        if (i % 100 == 0) {
                            assertThatThrownBy(() -> aead.open(flipped, aad)).isInstanceOf(SpikeException.class);
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(aead.open(sealed, aad)).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesKeysThatAreNot256Bits() {
        assertThatThrownBy(() -> new AesGcm(SecretBytes.random(16))).hasMessageContaining("32-byte key");
        assertThat(aead.toString()).doesNotContainPattern("[0-9a-f]{16}");
    }
}
