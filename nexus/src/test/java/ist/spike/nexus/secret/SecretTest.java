package ist.spike.nexus.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KV-v2 semantics as upstream SPIKE has them. */
class SecretTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Secret withVersions(int count, int max) {
        Secret s = Secret.create("a/b", Map.of("v", "1"), T0, max).secret();
        for (int i = 2; i <= count; i++) {
            s = s.put(Map.of("v", String.valueOf(i)), T0.plusSeconds(i), max).secret();
        }
        return s;
    }

    @Test
    void versionsCountFromOneAndZeroMeansCurrent() {
        Secret s = withVersions(3, 10);
        assertThat(s.metadata().currentVersion()).isEqualTo(3);
        assertThat(s.live(0).orElseThrow().values()).containsEntry("v", "3");
        assertThat(s.live(1).orElseThrow().values()).containsEntry("v", "1");
        assertThat(s.live(4)).isEmpty();
        assertThat(s.metadata().createdTime()).isEqualTo(T0);
        assertThat(s.metadata().updatedTime()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void putPrunesVersionsThatFallOutOfTheWindow() {
        Secret s = withVersions(12, 10);
        assertThat(s.versions().keySet()).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(s.metadata().oldestVersion()).isEqualTo(3);
        Secret.Change next = s.put(Map.of("v", "13"), T0, 10);
        assertThat(next.removed()).containsExactly(3);
        assertThat(next.added()).map(SecretVersion::version).contains(13);
        assertThat(withVersions(5, 1).versions().keySet()).containsExactly(5);
    }

    @Test
    void deleteIsSoftAndTheCurrentVersionNumberStays() {
        Secret s = withVersions(3, 10);
        Secret deleted = s.delete(List.of(), T0).secret();
        assertThat(deleted.live(0)).isEmpty();
        assertThat(deleted.live(2)).isPresent();
        assertThat(deleted.metadata().currentVersion()).isEqualTo(3);
        assertThat(deleted.versions().get(3).deletedTime()).isEqualTo(T0);

        Secret more = deleted.delete(List.of(0, 1, 2, 99), T0).secret();
        assertThat(more.versions().values()).allMatch(SecretVersion::isDeleted);
        assertThat(deleted.delete(List.of(3), T0).isEmpty()).as("already deleted: nothing to write").isTrue();

        Secret back = more.undelete(List.of(1)).secret();
        assertThat(back.live(1)).isPresent();
        assertThat(back.live(0)).isEmpty();
        assertThat(back.undelete(List.of()).secret().live(0)).isPresent();
    }

    @Test
    void aPutAfterDeletingEverythingStartsTheNextVersion() {
        Secret s = withVersions(2, 10).delete(List.of(1, 2), T0).secret();
        Secret next = s.put(Map.of("v", "x"), T0, 10).secret();
        assertThat(next.metadata().currentVersion()).isEqualTo(3);
        assertThat(next.live(0).orElseThrow().values()).containsEntry("v", "x");
    }

    @Test
    void toStringNeverShowsValues() {
        Secret s = Secret.create("a/b", Map.of("password", "hunter2"), T0, 10).secret();
        assertThat(s.toString()).doesNotContain("hunter2");
        assertThat(s.versions().get(1).toString()).doesNotContain("hunter2");
    }
}
