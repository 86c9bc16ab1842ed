package ist.spike.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whoever can connect to a dev-agent socket gets its identity: only the owner may. */
class UnixSocketServerTest {
    @TempDir
    Path tmp;

    @Test
    void socketsAre0600InA0700DirectoryWhateverTheUmask() throws Exception {
        Path dir = tmp.resolve("public").resolve("deeper");
        Path socket = dir.resolve("api.sock");
        try (UnixSocketServer sockets = new UnixSocketServer()) {
            Server server = sockets.start(socket, new WorkloadEndpoint(socket.toString()));
            try {
                // The JVM's umask (022 here) would leave the socket 0755 and the directory 0755.
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            } finally {
                UnixSocketServer.stop(server, socket);
            }
        }
    }

    @Test
    void anExistingDirectoryOthersCanWriteIsRefusedAndLeftAsItWas() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path socket = dir.resolve("api.sock");
        try (UnixSocketServer sockets = new UnixSocketServer()) {
            assertThatThrownBy(() -> sockets.start(socket, new WorkloadEndpoint(socket.toString())))
                    .isInstanceOf(AgentException.class).hasMessageContaining("can be written by other users");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxrwxrwx");
        assertThat(socket).doesNotExist();
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a directory to another user");
        Path dir = Files.createDirectory(tmp.resolve("theirs"));
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(dir, nobody);
        Path socket = dir.resolve("api.sock");
        try (UnixSocketServer sockets = new UnixSocketServer()) {
            assertThatThrownBy(() -> sockets.start(socket, new WorkloadEndpoint(socket.toString())))
                    .isInstanceOf(AgentException.class).hasMessageContaining("belongs to nobody");
        }
        assertThat(socket).doesNotExist();
    }
}
