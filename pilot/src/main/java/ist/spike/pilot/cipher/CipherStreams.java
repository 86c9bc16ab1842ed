package ist.spike.pilot.cipher;

import ist.spike.core.files.PrivateFiles;
import ist.spike.pilot.Terminal;
import ist.spike.pilot.failure.PilotException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Where cipher input comes from and output goes: stdin/stdout, or files. Output files are written
 * atomically with mode 0600, since a decrypted file is as secret as the data was.
 */
final class CipherStreams {
    /** Nexus refuses bodies over 1 MiB; refusing earlier saves the upload. */
    static final int MAX_INPUT = 1024 * 1024;

    @Option(names = "--in", paramLabel = "FILE", description = "Read this file instead of stdin.")
    Path in;

    @Option(names = "--out", paramLabel = "FILE", description = "Write this file (mode 0600) instead of stdout.")
    Path out;

    @Option(names = "--json", description = "Use the API's JSON form ({\"version\",\"nonce\",\"ciphertext\"} in base64)"
            + " instead of the binary stream.")
    boolean json;

    /** The whole input, at most {@value #MAX_INPUT} bytes. The caller zeroes it when done. */
    byte[] read(Terminal terminal) {
        if (in == null && terminal.interactive()) {
            terminal.err().println("spike: reading the input from the terminal; end it with Ctrl-D (or use --in FILE)");
            terminal.err().flush();
        }
        try (InputStream stream = in == null ? nonClosing(terminal.stdin()) : Files.newInputStream(in)) {
            byte[] data = stream.readNBytes(MAX_INPUT + 1);
            if (data.length > MAX_INPUT) {
                Arrays.fill(data, (byte) 0);
                throw PilotException.usage("the input is larger than 1 MiB, the most Nexus takes in one request:"
                        + " split it, or encrypt a data key instead");
            }
            return data;
        } catch (NoSuchFileException e) {
            throw PilotException.usage("there is no file " + in);
        } catch (IOException e) {
            throw PilotException.failed("cannot read " + (in == null ? "stdin" : in.toString()) + ": " + e.getMessage(), e);
        }
    }

    void write(Terminal terminal, byte[] data) {
        try {
            if (out != null) {
                PrivateFiles.writeAtomically(out, data);
                return;
            }
            terminal.out().flush();
            OutputStream stdout = terminal.stdout();
            stdout.write(data);
            stdout.flush();
        } catch (IOException e) {
            throw PilotException.failed("cannot write " + (out == null ? "stdout" : out.toString()) + ": "
                    + e.getMessage(), e);
        }
    }

    private static InputStream nonClosing(InputStream stdin) {
        return new FilterInputStream(stdin) {
            @Override
            public void close() {
                // stdin belongs to the process, not to this command.
            }
        };
    }
}
