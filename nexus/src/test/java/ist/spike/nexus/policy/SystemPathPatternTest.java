package ist.spike.nexus.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which path patterns may reach {@code spike/system/}: decided by what they can match, not their first characters. */
class SystemPathPatternTest {
    /** Paths outside spike/system/ that a wrongly admitted pattern could reach. */
    private static final List<String> ELSEWHERE = List.of("apps/db", "spike/systemx", "spike/system", "SPIKE/SYSTEM/acl",
            "x|spike/system/acl", "");

    @ParameterizedTest
    @ValueSource(strings = {
            "^spike/system/",
            "^spike/system/acl$",
            "^spike/system/secret",
            "^spike/system/(acl|secret)$",
            "^spike/system/(?:cipher/(exec|x)|acl)",
            "^spike/system/[|]",
            "^spike/system/[]|]",
            "^spike/system/[^|a]x",
            "^spike/system/[[:alpha:]|]",
            "^spike/system/\\|x",
            "^spike/system/\\Q|\\E",
            "^spike/system/(?i)ACL",
            "^spike/system/.*"})
    void confinedPatternsMatchNothingOutsideTheSystemNamespace(String pattern) {
        assertThat(SystemPathPattern.confined(pattern)).isTrue();
        Pattern compiled = Pattern.compile(pattern);
        assertThat(ELSEWHERE).noneMatch(p -> compiled.matcher(p).find());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "^spike/system/none|.*",
            "^spike/system/|apps/",
            "^spike/system/acl$|^apps/",
            "^spike/system/(acl)|x",
            "^spike/system/[a]|x",
            "^spike/system/\\Q|\\E|.*",
            "^spike/system/\\||.*",
            "^spike/system/?",
            "^spike/system/*",
            "^spike/system/+x",
            "^spike/system/{0}",
            // A quote left open to the end is refused too (fail closed: it cannot be read as a group).
            "^spike/system/\\Qa|b",
            "^spike/system/\\Q\\E*",
            "^spike/system/\\Q\\E?.*",
            "^spike/system/\\Q\\E{0}",
            "^spike/system/(?i)?",
            "^spike/system/(?i)*x",
            "(?i)^spike/system/",
            "^(?i)spike/system/",
            "(^spike/system/)",
            "(^spike/system/)|.*",
            "^[s]pike/system/",
            "spike/system/",
            ".*",
            "^spike/system"})
    void anythingElseIsRefused(String pattern) {
        assertThat(SystemPathPattern.confined(pattern)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"^spike/system/none|.*", "^spike/system/|apps/", "(?i)^spike/system/",
        "^spike/system/\\Q\\E*", "^spike/system/(?i)?"})
    void theRefusedPatternsReallyMatchElsewhere(String pattern) {
        // The reason they are refused: each matches some path outside spike/system/.
        Pattern compiled = Pattern.compile(pattern);
        assertThat(ELSEWHERE).anyMatch(p -> compiled.matcher(p).find());
    }
}
