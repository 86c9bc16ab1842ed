package ist.spike.pilot.recovery;

import ist.spike.core.files.PrivateFiles;
import ist.spike.core.shamir.ShardCodec;
import ist.spike.core.shamir.Share;
import ist.spike.pilot.failure.PilotException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The recovery directory: one file per shard, {@code spike.recovery.<id>.txt}, holding exactly
 * {@code spike:<id>:<64 lowercase hex>} (no newline). Directory 0700, files 0600, each written
 * atomically and durably.
 *
 * <p>Security: shard text exists only in the byte array written to the file, which is zeroed right
 * after; no path or message carries it.
 */
final class RecoveryFiles {
    static final String GLOB = "spike.recovery*.txt";
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path dir;

    RecoveryFiles(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    static String fileName(int id) {
        return "spike.recovery." + id + ".txt";
    }

    /**
     * Writes one file per share and removes every other {@value #GLOB} of the directory, so only
     * the shards of the current root key remain. Files of the same name are replaced atomically:
     * a failure half-way never leaves the directory without shards.
     *
     * @return the files written, in share ID order
     */
    List<Path> save(List<Share> shares) {
        List<Share> ordered = shares.stream().sorted(Comparator.comparingInt(Share::id)).toList();
        List<Path> written = new ArrayList<>();
        try {
            PrivateFiles.createDirectories(dir);
            restrictDirectory();
            for (Share share : ordered) {
                Path file = dir.resolve(fileName(share.id()));
                byte[] content = ShardCodec.encode(share).getBytes(StandardCharsets.US_ASCII);
                try {
                    PrivateFiles.writeAtomically(file, content);
                } finally {
                    Arrays.fill(content, (byte) 0);
                }
                written.add(file);
            }
            removeAllBut(new HashSet<>(written));
        } catch (IOException e) {
            throw PilotException.failed("cannot write the recovery files in " + dir + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): fix the directory or set "
                    + "SPIKE_PILOT_RECOVERY_DIR, then run `spike recover` again", e);
        }
        return List.copyOf(written);
    }

    /** Security: shards must not sit in a directory others can list. */
    private void restrictDirectory() throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!mode.equals(DIR_MODE)) {
            Files.setPosixFilePermissions(dir, DIR_MODE);
        }
    }

    private void removeAllBut(Set<Path> keep) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, GLOB)) {
            for (Path file : old) {
                if (!keep.contains(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
