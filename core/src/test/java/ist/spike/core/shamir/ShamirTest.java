package ist.spike.core.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShamirTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    static SecretBytes randomKey() {
        while (true) {
            SecretBytes key = SecretBytes.random(32);
            byte[] raw = key.revealCopy();
            if (P256.isBelowOrder(raw) && !key.isAllZero()) {
                return key;
            }
        }
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({"1,1", "2,3", "3,5", "7,10", "4,4"})
    void anyThresholdSubsetRebuildsTheKeyAndOneLessNeverDoes(int t, int n) {
        for (int round = 0; round < 5; round++) {
            SecretBytes key = randomKey();
            List<Share> shares = Shamir.split(key, new ShamirParameters(n, t));
            for (List<Share> subset : subsets(shares, t)) {
                List<Share> shuffled = new ArrayList<>(subset);
                Collections.shuffle(shuffled, RANDOM);
                assertThat(Shamir.combine(t, shuffled)).isEqualTo(key);
            }
            if (t > 1) {
                for (List<Share> subset : subsets(shares, t - 1)) {
                    assertThatThrownBy(() -> Shamir.combine(t, subset)).isInstanceOf(InvalidShareException.class)
                            .hasMessageContaining("need " + t + " shares");
                    // Interpolating too few shares as if they were enough gives a wrong key, not the key.
                    assertThat(Shamir.combine(t - 1, subset)).isNotEqualTo(key);
                }
            }
        }
    }

    @RepeatedTest(20)
    void splitIsDeterministic() {
        SecretBytes key = randomKey();
        ShamirParameters p = new ShamirParameters(5, 3);
        assertThat(Shamir.split(key, p)).isEqualTo(Shamir.split(key, p));
    }

    @Test
    void refusesZeroAndOutOfFieldKeys() {
        ShamirParameters p = new ShamirParameters(3, 2);
        assertThatThrownBy(() -> Shamir.split(SecretBytes.copyOf(new byte[32]), p))
                .hasMessageContaining("all zero");
        byte[] ff = new byte[32];
        java.util.Arrays.fill(ff, (byte) 0xff);
        assertThatThrownBy(() -> Shamir.split(SecretBytes.copyOf(ff), p))
                .hasMessageContaining("group order");
        assertThatThrownBy(() -> Shamir.split(SecretBytes.copyOf(new byte[16]), p))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void parametersRejectImpossibleThresholds() {
        assertThatThrownBy(() -> new ShamirParameters(3, 0)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new ShamirParameters(3, 4)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new ShamirParameters(0, 0)).hasMessageContaining("shares");
        assertThatThrownBy(() -> new ShamirParameters(3, 2).checkShareId(4)).isInstanceOf(InvalidShareException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> new ShamirParameters(3, 2).checkShareId(0)).isInstanceOf(InvalidShareException.class);
    }

    @Test
    void duplicateIdsAreRefusedEvenAmongExtraShares() {
        SecretBytes key = randomKey();
        List<Share> shares = Shamir.split(key, new ShamirParameters(3, 2));
        assertThatThrownBy(() -> Shamir.combine(2, List.of(shares.get(0), shares.get(1), shares.get(0))))
                .isInstanceOf(InvalidShareException.class).hasMessageContaining("more than once");
    }

    @Test
    void shareValuesAtOrAboveTheOrderAndZeroIdsAreRefused() {
        byte[] order = P256.toBytes(P256.ORDER);
        assertThatThrownBy(() -> Share.of(1, order)).isInstanceOf(InvalidShareException.class)
                .hasMessageContaining("group order");
        assertThatThrownBy(() -> Share.of(0, new byte[32])).isInstanceOf(InvalidShareException.class);
        assertThatThrownBy(() -> Share.of(-3, new byte[32])).isInstanceOf(InvalidShareException.class);
        assertThatThrownBy(() -> Share.of(1, new byte[31])).isInstanceOf(InvalidShareException.class);
        assertThat(Share.of(2, new byte[32]).toString()).isEqualTo("Share[id=2, value redacted]");
    }

    static List<List<Share>> subsets(List<Share> shares, int size) {
        List<List<Share>> out = new ArrayList<>();
        collect(shares, size, 0, new ArrayList<>(), out);
        return out;
    }

    private static void collect(List<Share> shares, int size, int from, List<Share> acc, List<List<Share>> out) {
        if (acc.size() == size) {
            out.add(List.copyOf(acc));
            return;
        }
        for (int i = from; i < shares.size(); i++) {
            acc.add(shares.get(i));
            collect(shares, size, i + 1, acc, out);
            acc.remove(acc.size() - 1);
        }
    }
}
