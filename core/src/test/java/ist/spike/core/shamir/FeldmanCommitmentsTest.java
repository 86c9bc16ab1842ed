package ist.spike.core.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeldmanCommitmentsTest {
    private final ShamirParameters params = new ShamirParameters(5, 3);
    private final SecretBytes key = ShamirTest.randomKey();
    private final List<Share> shares = Shamir.split(key, params);
    private final FeldmanCommitments commitments = FeldmanCommitments.of(key, params.threshold());

    @Test
    void everyGenuineShareVerifiesAlone() {
        assertThat(shares).allSatisfy(s -> assertThat(commitments.verifies(s)).isTrue());
        assertThat(commitments.commitsTo(key)).isTrue();
        assertThat(commitments.threshold()).isEqualTo(3);
    }

    @Test
    void aTamperedShareFailsBeforeAnyCombine() {
        Share genuine = shares.get(1);
        byte[] raw = genuine.value().revealCopy();
        raw[31] ^= 0x01;
        Share tampered = Share.of(genuine.id(), raw);
        assertThat(commitments.verifies(tampered)).isFalse();
        assertThatThrownBy(() -> commitments.check(tampered)).isInstanceOf(InvalidShareException.class)
                .hasMessageContaining("share 2").hasMessageContaining("corrupted or belongs to another SPIKE");
    }

    @Test
    void aGenuineValueUnderAnotherIdFails() {
        Share moved = new Share(4, shares.get(0).value());
        assertThat(commitments.verifies(moved)).isFalse();
    }

    @Test
    void aShareOfAnotherKeyFails() {
        List<Share> foreign = Shamir.split(ShamirTest.randomKey(), params);
        assertThat(foreign).noneSatisfy(s -> assertThat(commitments.verifies(s)).isTrue());
        assertThat(commitments.commitsTo(ShamirTest.randomKey())).isFalse();
    }

    @Test
    void encodingRoundTripsAndRejectsGarbage() {
        FeldmanCommitments decoded = FeldmanCommitments.decode(commitments.encode());
        assertThat(decoded).isEqualTo(commitments);
        assertThat(shares).allSatisfy(s -> assertThat(decoded.verifies(s)).isTrue());
        assertThatThrownBy(() -> FeldmanCommitments.decode("AAAA.BBBB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeldmanCommitments.decode("not base64!")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneCommitmentPerCoefficient() {
        FeldmanCommitments one = FeldmanCommitments.of(key, 1);
        assertThat(one.threshold()).isEqualTo(1);
        Share keyAsShare = new Share(1, key);
        assertThat(one.verifies(keyAsShare)).isTrue();
    }
}
