package ist.spike.nexus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredTimeTest {
    @Test
    void writesWhatInstantToStringWritesAndReadsItBack() {
        SplittableRandom random = new SplittableRandom(7);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), nanos);
            String text = StoredTime.format(instant);
            assertThat(text).isEqualTo(instant.toString());
            assertThat(StoredTime.parse(text)).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00.5Z",
        "2026-12-01T24:00:00Z", "2026-12-01T00:00:00.1234Z"})
    void unusualShapesStillReadAsTheJdkReadsThem(String text) {
        assertThat(StoredTime.parse(text)).isEqualTo(Instant.parse(text));
    }

    @Test
    void instantsOutsideFourDigitYearsAreWrittenAsTheJdkWritesThem() {
        for (Instant instant : new Instant[] {Instant.MIN, Instant.MAX, Instant.parse("-0001-06-01T12:00:00Z")}) {
            assertThat(StoredTime.format(instant)).isEqualTo(instant.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-12-01T25:00:00Z",
        "2026-12-01T00:00:00.1234567890Z", "2026-12-01T00:00:00", "2026-12-01T0a:00:00Z", "2026-12-01 00:00:00Z"})
    void textThatIsNoInstantIsRefused(String text) {
        assertThatThrownBy(() -> StoredTime.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
