package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.core.api.SecretMessages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretCommandsTest {
    @TempDir
    Path tmp;

    PilotHarness spike;

    @BeforeEach
    void setUp() {
        spike = new PilotHarness(tmp);
    }

    @Test
    void putSendsExactlyTheGivenValuesAndConfirmsWithoutEchoingThem() {
        PilotHarness.Result put = spike.run("secret", "put", "secrets/db", "user=admin", "pass=s3=cr3t", "note=");
        assertThat(put.exit()).as(put.toString()).isZero();
        assertThat(put.out()).isEqualTo("Stored a new version of secrets/db (3 keys).\n").doesNotContain("s3=cr3t");
        assertThat(put.err()).isEmpty();
        assertThat(spike.nexus().requests()).containsExactly(
                new SecretMessages.PutRequest("secrets/db", Map.of("user", "admin", "pass", "s3=cr3t", "note", "")));
    }

    @Test
    void valuesComeFromFilesAndStdinSoTheyStayOutOfArgv() throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("pw.txt"), "from-a-file\n");
        spike.stdin("from stdin");
        PilotHarness.Result put = spike.run("secret", "put", "secrets/db", "user=admin", "pass=@" + tmp.resolve("pw.txt"),
                "token=-");
        assertThat(put.exit()).as(put.toString()).isZero();
        assertThat(spike.nexus().requests()).containsExactly(new SecretMessages.PutRequest("secrets/db",
                Map.of("user", "admin", "pass", "from-a-file\n", "token", "from stdin")));
    }

    @Test
    void aBadValueSourceIsAUsageErrorNamingTheKeyButNoValueAndNothingIsSent() throws Exception {
        java.nio.file.Files.write(tmp.resolve("bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 's'});
        List<List<String>> cases = List.of(
                List.of("pass=@" + tmp.resolve("missing"), "the value of 'pass' comes from file", "does not exist"),
                List.of("pass=@" + tmp.resolve("bin"), "the value of 'pass' from file", "is not UTF-8 text"));
        for (List<String> c : cases) {
            PilotHarness.Result put = spike.run("secret", "put", "secrets/db", "user=admin", c.get(0));
            assertThat(put.exit()).as(put.toString()).isEqualTo(2);
            assertThat(put.err()).contains(c.get(1)).contains(c.get(2)).doesNotContain("admin");
        }
        spike.stdin("x");
        PilotHarness.Result twice = spike.run("secret", "put", "secrets/db", "a=-", "b=-");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("only one value can come from stdin");
        assertThat(spike.nexus().requests()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "human|pass: s3cr3t\\nuser: admin\\n",
        "json|{\\n  \"pass\" : \"s3cr3t\",\\n  \"user\" : \"admin\"\\n}\\n",
        "yaml|pass: s3cr3t\\nuser: admin\\n",
    })
    void getPrintsTheValuesInEachFormat(String format, String expected) {
        spike.run("secret", "put", "secrets/db", "user=admin", "pass=s3cr3t");
        PilotHarness.Result get = spike.run("secret", "get", "secrets/db", "--format", format);
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(get.out()).isEqualTo(expected.replace("\\n", "\n"));
    }

    @Test
    void getWithAKeyPrintsOnlyThatValueAsItIsForScripts() {
        spike.run("secret", "put", "secrets/db", "user=admin", "pass=s3cr3t");
        assertThat(spike.run("secret", "get", "secrets/db", "pass").out()).isEqualTo("s3cr3t\n");
        assertThat(spike.run("secret", "get", "secrets/db", "pass", "--format", "json").out())
                .isEqualTo("{\n  \"pass\" : \"s3cr3t\"\n}\n");
    }

    @Test
    void aMissingKeyIsNotFoundAndNamesTheKeysButNoValue() {
        spike.run("secret", "put", "secrets/db", "user=admin", "pass=s3cr3t");
        PilotHarness.Result get = spike.run("secret", "get", "secrets/db", "token");
        assertThat(get.exit()).isEqualTo(5);
        assertThat(get.out()).isEmpty();
        assertThat(get.err()).isEqualTo("spike: secret secrets/db has no key 'token'; its keys: pass, user\n")
                .doesNotContain("s3cr3t").doesNotContain("admin");
    }

    @Test
    void getReadsOlderVersionsAndSendsTheVersion() {
        spike.run("secret", "put", "secrets/db", "pass=one");
        spike.run("secret", "put", "secrets/db", "pass=two");
        assertThat(spike.run("secret", "get", "secrets/db", "pass").out()).isEqualTo("two\n");
        assertThat(spike.run("secret", "get", "secrets/db", "pass", "--version", "1").out()).isEqualTo("one\n");
        assertThat(spike.nexus().requests()).contains(new SecretMessages.GetRequest("secrets/db", 1),
                new SecretMessages.GetRequest("secrets/db", null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no equals sign|secrets/db|hunter2|value 1 has no '='",
        "bad key|secrets/db|pass!word=hunter2|'pass!word' is not a key name",
        "empty key|secrets/db|=hunter2|'' is not a key name",
        "bad path|secrets/d b|pass=hunter2|'secrets/d b' is not a secret path",
    })
    void malformedPutsAreRefusedBeforeAnythingIsSentAndNeverEchoAValue(String name, String path, String pair,
                                                                       String message) {
        PilotHarness.Result put = spike.run("secret", "put", path, pair);
        assertThat(put.exit()).isEqualTo(2);
        assertThat(put.err()).startsWith("spike: ").contains(message).doesNotContain("hunter2").hasLineCount(1);
        assertThat(spike.nexus().requests()).isEmpty();
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        PilotHarness.Result put = spike.run("secret", "put", "p", "a=1", "a=2");
        assertThat(put.exit()).isEqualTo(2);
        assertThat(put.err()).isEqualTo("spike: key 'a' is given twice: give each key once\n");
    }

    @Test
    void listPrintsSortedPathsOrSaysThereAreNone() {
        assertThat(spike.run("secret", "list").out()).isEqualTo("No secrets.\n");
        assertThat(spike.run("secret", "list", "--format", "json").out()).isEqualTo("[ ]\n");
        spike.run("secret", "put", "b/two", "k=v");
        spike.run("secret", "put", "a/one", "k=v");
        assertThat(spike.run("secret", "list").out()).isEqualTo("a/one\nb/two\n");
        assertThat(spike.run("secret", "list", "--format", "yaml").out()).isEqualTo("- a/one\n- b/two\n");
    }

    @Test
    void deleteAndUndeleteSendTheVersionsAndSayWhatHappened() {
        spike.run("secret", "put", "p", "k=1");
        spike.run("secret", "put", "p", "k=2");
        PilotHarness.Result delete = spike.run("secret", "delete", "p");
        assertThat(delete.out()).isEqualTo("Deleted the current version of p.\n");
        PilotHarness.Result get = spike.run("secret", "get", "p");
        assertThat(get.exit()).isEqualTo(5);
        assertThat(get.err()).startsWith("spike: not found: there is no secret at p (or it is deleted)");
        assertThat(spike.run("secret", "undelete", "p", "--versions", "2").out()).isEqualTo("Undeleted version 2 of p.\n");
        assertThat(spike.run("secret", "delete", "p", "--versions", "1,2").out()).isEqualTo("Deleted versions 1, 2 of p.\n");
        assertThat(spike.nexus().requests()).contains(new SecretMessages.VersionsRequest("p", List.of()),
                new SecretMessages.VersionsRequest("p", List.of(2)), new SecretMessages.VersionsRequest("p", List.of(1, 2)));
    }

    @Test
    void negativeVersionsAreUsageErrors() {
        assertThat(spike.run("secret", "delete", "p", "--versions", "1,-2").exit()).isEqualTo(2);
        assertThat(spike.run("secret", "get", "p", "--version", "-1").exit()).isEqualTo(2);
        assertThat(spike.run("secret", "delete", "p", "--versions", "one").err())
                .startsWith("spike: Invalid value for option '--versions'").endsWith("see `spike secret delete --help`\n");
        assertThat(spike.nexus().requests()).isEmpty();
    }

    @Test
    void metadataShowsVersionsAndTimesButNoValues() {
        spike.run("secret", "put", "p", "k=first-value");
        spike.run("secret", "put", "p", "k=second-value");
        spike.run("secret", "delete", "p", "--versions", "1");
        PilotHarness.Result human = spike.run("secret", "metadata", "get", "p");
        assertThat(human.exit()).as(human.toString()).isZero();
        assertThat(human.out()).isEqualTo("""
                Path:             p
                Current version:  2
                Oldest version:   1
                Created:          2025-01-02T03:04:05Z
                Updated:          2025-01-02T03:04:06Z
                Max versions:     10

                VERSION  CREATED               DELETED
                1        2025-01-02T03:04:05Z  2025-01-02T03:20:45Z
                2        2025-01-02T03:04:06Z  -
                """);
        String json = spike.run("secret", "metadata", "get", "p", "--format", "json").out();
        assertThat(json).contains("\"currentVersion\" : 2", "\"deletedTime\" : \"2025-01-02T03:20:45Z\"")
                .doesNotContain("value");
        assertThat(spike.run("secret", "metadata", "get", "p", "--version", "2").exit()).isZero();
        assertThat(spike.nexus().requests()).contains(new SecretMessages.GetRequest("p", 2));
    }
}
