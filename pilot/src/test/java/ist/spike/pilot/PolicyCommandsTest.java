package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.core.api.PolicyMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyCommandsTest {
    static final String SPIFFE = "^spiffe://spike\\.ist/workload/demo$";

    @TempDir
    Path tmp;

    PilotHarness spike;

    @BeforeEach
    void setUp() {
        spike = new PilotHarness(tmp);
    }

    private PilotHarness.Result create(String name) {
        return spike.run("policy", "create", "--name", name, "--spiffeid-pattern", SPIFFE, "--path-pattern", "^db/.*$",
                "--permissions", "read,list");
    }

    @Test
    void createSendsTheUpsertRequest() {
        PilotHarness.Result create = create("db-readers");
        assertThat(create.exit()).as(create.toString()).isZero();
        assertThat(create.out()).isEqualTo("Saved policy db-readers (read, list on paths matching ^db/.*$).\n");
        assertThat(spike.nexus().requests()).containsExactly(
                new PolicyMessages.PutRequest("db-readers", SPIFFE, "^db/.*$", List.of("read", "list")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no name|--spiffeid-pattern=x|--path-pattern=y|--permissions=read|the policy has no name: give --name",
        "no spiffe id|--name=n|--path-pattern=y|--permissions=read|the policy has no SPIFFE ID pattern: give --spiffeid-pattern",
        "no path|--name=n|--spiffeid-pattern=x|--permissions=read|the policy has no path pattern: give --path-pattern",
        "no permissions|--name=n|--spiffeid-pattern=x|--path-pattern=y|the policy grants no permissions",
        "bad permission|--name=n|--spiffeid-pattern=x|--path-pattern=y --permissions=read,admin|'admin' is not a permission",
        "bad name|--name=a/b|--spiffeid-pattern=x|--path-pattern=y --permissions=read|'a/b' is not a policy name",
    })
    void incompletePoliciesAreUsageErrors(String name, String a, String b, String c, String message) {
        String[] args = ("policy create " + a + " " + b + " " + c).split(" ");
        PilotHarness.Result create = spike.run(args);
        assertThat(create.exit()).isEqualTo(2);
        assertThat(create.err()).startsWith("spike: ").contains(message).hasLineCount(1);
        assertThat(spike.nexus().requests()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "yaml|policy.yaml|name: db-readers\\nspiffeidPattern: '^spiffe://spike\\.ist/workload/demo$'\\npathPattern: ^db/.*$\\npermissions: [read, list]\\n",
        "yaml list|policy.yml|name: db-readers\\nspiffeidPattern: '^spiffe://spike\\.ist/workload/demo$'\\npathPattern: ^db/.*$\\npermissions:\\n  - read\\n  - list\\n",
        "yaml comma string|p.yaml|name: db-readers\\nspiffeidPattern: '^spiffe://spike\\.ist/workload/demo$'\\npathPattern: ^db/.*$\\npermissions: read,list\\n",
        "json|policy.json|{\"name\":\"db-readers\",\"spiffeidPattern\":\"^spiffe://spike\\\\.ist/workload/demo$\",\"pathPattern\":\"^db/.*$\",\"permissions\":[\"read\",\"list\"]}",
    })
    void applyReadsYamlAndJsonFiles(String name, String file, String content) throws Exception {
        Path policy = Files.writeString(tmp.resolve(file), content.replace("\\n", "\n"));
        PilotHarness.Result apply = spike.run("policy", "apply", "--file", policy.toString());
        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(apply.out()).isEqualTo("Applied policy db-readers (read, list on paths matching ^db/.*$).\n");
        assertThat(spike.nexus().requests()).containsExactly(
                new PolicyMessages.PutRequest("db-readers", SPIFFE, "^db/.*$", List.of("read", "list")));
    }

    @Test
    void flagsOverrideTheFileAndFillInWhatItLacks() throws Exception {
        Path policy = Files.writeString(tmp.resolve("p.yaml"), "name: a\npathPattern: ^db/.*$\npermissions: [read]\n");
        PilotHarness.Result apply = spike.run("policy", "apply", "--file", policy.toString(), "--name", "b",
                "--spiffeid-pattern", SPIFFE);
        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(spike.nexus().requests()).containsExactly(
                new PolicyMessages.PutRequest("b", SPIFFE, "^db/.*$", List.of("read")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown field|name: a\\nspiffeIdPattern: x\\n|has an unknown field 'spiffeIdPattern'",
        "not yaml|name: [a\\n|is not a policy in YAML or JSON",
        "missing field|name: a\\npathPattern: y\\npermissions: [read]\\n|the policy has no SPIFFE ID pattern: give --spiffeid-pattern or set spiffeidPattern in",
        "empty|''|is empty",
    })
    void brokenPolicyFilesSayWhatIsWrong(String name, String content, String message) throws Exception {
        Path policy = Files.writeString(tmp.resolve("p.yaml"), content.replace("\\n", "\n"));
        PilotHarness.Result apply = spike.run("policy", "apply", "--file", policy.toString());
        assertThat(apply.exit()).isEqualTo(2);
        assertThat(apply.err()).startsWith("spike: ").contains(message).hasLineCount(1);
        assertThat(spike.nexus().requests()).isEmpty();
    }

    @Test
    void aMissingFileIsAUsageError() {
        PilotHarness.Result apply = spike.run("policy", "apply", "--file", tmp.resolve("nope.yaml").toString());
        assertThat(apply.exit()).isEqualTo(2);
        assertThat(apply.err()).isEqualTo("spike: there is no policy file " + tmp.resolve("nope.yaml") + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "human|Name:               db-readers\\nID:                 policy-1\\nSPIFFE ID pattern:  ^spiffe://spike\\.ist/workload/demo$\\nPath pattern:       ^db/.*$\\nPermissions:        read, list\\nCreated:            2025-01-02T03:04:05Z\\nUpdated:            2025-01-02T03:05:05Z\\n",
        "yaml|id: policy-1\\nname: db-readers\\nspiffeidPattern: ^spiffe://spike\\.ist/workload/demo$\\npathPattern: ^db/.*$\\npermissions:\\n- read\\n- list\\ncreatedAt: 2025-01-02T03:04:05Z\\nupdatedAt: 2025-01-02T03:05:05Z\\n",
    })
    void getPrintsThePolicy(String format, String expected) {
        create("db-readers");
        PilotHarness.Result get = spike.run("policy", "get", "db-readers", "--format", format);
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(get.out()).isEqualTo(expected.replace("\\n", "\n"));
    }

    @Test
    void jsonOutputUsesTheNameAPolicyFileUses() throws Exception {
        create("db-readers");
        String json = spike.run("policy", "get", "db-readers", "--format", "json").out();
        assertThat(json).contains("\"spiffeidPattern\" : \"^spiffe://spike\\\\.ist/workload/demo$\"")
                .doesNotContain("spiffiedPattern");
        // What get prints in YAML can be applied again (ID and times are ignored only if absent: strip them).
        String yaml = spike.run("policy", "get", "db-readers", "--format", "yaml").out()
                .replaceAll("(?m)^(id|createdAt|updatedAt):.*\\n", "");
        Path file = Files.writeString(tmp.resolve("again.yaml"), yaml);
        assertThat(spike.run("policy", "apply", "--file", file.toString()).exit()).isZero();
    }

    @Test
    void listShowsATableAndSendsTheFilters() {
        assertThat(spike.run("policy", "list").out()).isEqualTo("No policies.\n");
        create("writers");
        create("db-readers");
        assertThat(spike.run("policy", "list").out()).isEqualTo("NAME        ID\ndb-readers  policy-2\nwriters     policy-1\n");
        assertThat(spike.run("policy", "list", "--format", "json").out())
                .isEqualTo("[ {\n  \"id\" : \"policy-2\",\n  \"name\" : \"db-readers\"\n}, {\n  \"id\" : \"policy-1\",\n"
                        + "  \"name\" : \"writers\"\n} ]\n");
        spike.run("policy", "list", "--path-pattern", "^db/.*$");
        assertThat(spike.nexus().requests()).contains(new PolicyMessages.ListRequest(null, "^db/.*$"));
    }

    @Test
    void deleteRemovesAndAnUnknownNameIsNotFound() {
        create("db-readers");
        assertThat(spike.run("policy", "delete", "db-readers").out()).isEqualTo("Deleted policy db-readers.\n");
        PilotHarness.Result again = spike.run("policy", "get", "db-readers");
        assertThat(again.exit()).isEqualTo(5);
        assertThat(again.err()).isEqualTo("spike: not found: there is no policy called 'db-readers': see `spike policy list`\n");
    }
}
