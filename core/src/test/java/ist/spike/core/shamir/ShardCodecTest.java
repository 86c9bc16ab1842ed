package ist.spike.core.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.core.error.InvalidShareException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardCodecTest {
    private static final String LINE = "spike:1:630ecf2c6ac9396d991b5e53c7bf695f0423b6af8742c8dfc3dad27337f42efc";

    @Test
    void roundTripsAndToleratesWhitespaceAndUpperCase() {
        assertThat(ShardCodec.encode(ShardCodec.decode(LINE))).isEqualTo(LINE);
        assertThat(ShardCodec.encode(ShardCodec.decode("  " + LINE.toUpperCase().replace("SPIKE", "spike") + "\n")))
                .isEqualTo(LINE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty||look like",
        "no prefix|1:630ecf2c6ac9396d991b5e53c7bf695f0423b6af8742c8dfc3dad27337f42efc|look like",
        "wrong prefix|spoke:1:630ecf2c6ac9396d991b5e53c7bf695f0423b6af8742c8dfc3dad27337f42efc|look like",
        "negative id|spike:-1:630ecf2c6ac9396d991b5e53c7bf695f0423b6af8742c8dfc3dad27337f42efc|look like",
        "zero id|spike:0:630ecf2c6ac9396d991b5e53c7bf695f0423b6af8742c8dfc3dad27337f42efc|1 or more",
        "short hex|spike:2:630ecf2c|64 characters, got 8",
        "not hex|spike:2:zz0ecf2c6ac9396d991b5e53c7bf695f0423b6af8742c8dfc3dad27337f42efc|not hex digits",
        "huge id|spike:99999999999:630ecf2c6ac9396d991b5e53c7bf695f0423b6af8742c8dfc3dad27337f42efc|look like",
        "extra field|spike:1:2:630ecf2c6ac9396d991b5e53c7bf695f0423b6af8742c8dfc3dad27337f42efc|look like",
        "at order|spike:2:ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551|group order",
    })
    void refusesMalformedTextWithoutEchoingIt(String name, String text, String message) {
        String input = text == null ? "" : text;
        assertThatThrownBy(() -> ShardCodec.decode(input)).isInstanceOf(InvalidShareException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("630ecf2c"));
    }
}
