package ist.spike.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "5s, PT5S", " 2M , PT2M", "1h, PT1H", "2d, PT48H", "PT1M30S, PT1M30S", "pt10s, PT10S"})
    void readsEveryUnit(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"soon", "5", "s", "5x", "-5s", "0s", "0ms", "PT0S", "PT-1S", "1.5s", "ms"})
    void refusesTheRestSayingWhatWorks(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration; use e.g. 500ms, 5s, 2m, 1h or 2d");
    }
}
