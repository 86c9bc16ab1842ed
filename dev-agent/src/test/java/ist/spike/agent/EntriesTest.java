package ist.spike.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntriesTest {
    private static final Path FILE = Path.of("/home/u/.spike/agent/entries.json");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json|{|not valid entries JSON",
        "unknown field|{\"trustDomain\":\"spike.ist\",\"entries\":[],\"x\":1}|not valid entries JSON",
        "bad trust domain|{\"trustDomain\":\"Spike!\",\"entries\":[]}|not a trust domain",
        "missing entries|{\"trustDomain\":\"spike.ist\"}|entries list is missing",
        "relative socket|{\"trustDomain\":\"spike.ist\",\"entries\":[{\"name\":\"a\",\"socket\":\"a.sock\",\"spiffeId\":\"spiffe://spike.ist/a\"}]}|absolute path",
        "bad id|{\"trustDomain\":\"spike.ist\",\"entries\":[{\"name\":\"a\",\"socket\":\"/a.sock\",\"spiffeId\":\"http://x\"}]}|not a SPIFFE ID",
        "foreign domain|{\"trustDomain\":\"spike.ist\",\"entries\":[{\"name\":\"a\",\"socket\":\"/a.sock\",\"spiffeId\":\"spiffe://other.org/a\"}]}|outside the trust domain",
        "same socket|{\"trustDomain\":\"spike.ist\",\"entries\":[{\"name\":\"a\",\"socket\":\"/a.sock\",\"spiffeId\":\"spiffe://spike.ist/a\"},{\"name\":\"b\",\"socket\":\"/a.sock\",\"spiffeId\":\"spiffe://spike.ist/b\"}]}|one identity per socket",
        "same name|{\"trustDomain\":\"spike.ist\",\"entries\":[{\"name\":\"a\",\"socket\":\"/a.sock\",\"spiffeId\":\"spiffe://spike.ist/a\"},{\"name\":\"a\",\"socket\":\"/b.sock\",\"spiffeId\":\"spiffe://spike.ist/b\"}]}|two entries are named",
        "bad name|{\"trustDomain\":\"spike.ist\",\"entries\":[{\"name\":\"A B\",\"socket\":\"/a.sock\",\"spiffeId\":\"spiffe://spike.ist/a\"}]}|lowercase letters",
    })
    void brokenFilesAreRefusedWithAMessageThatSaysWhat(String name, String json, String message) {
        assertThatThrownBy(() -> EntriesFile.parse(FILE, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void socketPathsLongerThanAUnixSocketAllowsAreRefused() {
        String longPath = "/" + "x".repeat(120) + ".sock";
        assertThatThrownBy(() -> new Entry("a", longPath, "spiffe://spike.ist/a")).hasMessageContaining("longer than");
    }

    @Test
    void defaultsFollowTheDesignAndRoleSwitchesKeepTheSocket() {
        AgentPaths paths = AgentPaths.underHome(Path.of("/home/u"));
        Entries entries = EntriesFile.defaults(paths, Path.of("/tmp/spire-agent/public/api.sock"), "spike.ist");
        assertThat(entries.entries()).extracting(Entry::name).containsExactly("pilot", "nexus", "keeper", "workload");
        assertThat(entries.named("pilot").orElseThrow().spiffeId()).isEqualTo("spiffe://spike.ist/spike/pilot/role/superuser");
        assertThat(entries.named("nexus").orElseThrow().socket()).isEqualTo("/home/u/.spike/agent/nexus.sock");
        Entries switched = entries.withSpiffeId("pilot", "spiffe://spike.ist/spike/pilot/role/recover");
        assertThat(switched.named("pilot").orElseThrow().socket()).isEqualTo("/tmp/spire-agent/public/api.sock");
        assertThatThrownBy(() -> entries.withSpiffeId("nobody", "spiffe://spike.ist/x")).hasMessageContaining("no entry named");
    }

    @Test
    void durationsReadLikePeopleWriteThem() {
        assertThat(DevAgentMain.parseDuration("90s")).hasSeconds(90);
        assertThat(DevAgentMain.parseDuration("2h")).hasHours(2);
        assertThat(DevAgentMain.parseDuration("PT5M")).hasMinutes(5);
        assertThatThrownBy(() -> DevAgentMain.parseDuration("soon")).hasMessageContaining("not a duration");
    }
}
