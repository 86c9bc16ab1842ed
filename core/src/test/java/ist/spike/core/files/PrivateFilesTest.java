package ist.spike.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path tmp;

    @Test
    void createsOwnerOnlyDirectoriesAndFilesAndReplacesAtomically() throws Exception {
        Path file = tmp.resolve("a/b/secret.txt");
        PrivateFiles.writeAtomically(file, "one".getBytes());
        PrivateFiles.writeAtomically(file, "two".getBytes());
        assertThat(Files.readString(file)).isEqualTo("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b")))).isEqualTo("rwx------");
        try (var listing = Files.list(tmp.resolve("a/b"))) {
            assertThat(listing).containsExactly(file);
        }
    }
}
