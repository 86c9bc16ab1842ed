package ist.spike.pilot;

import ist.spike.pilot.failure.PilotException;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Pilot's standard streams: stdin, stdout as bytes (cipher output) and as text, stderr as text,
 * and the console when a person is at one. Tests build one over byte arrays.
 */
public final class Terminal {
    /** A shard line is 74 characters; anything much longer is not one. */
    static final int MAX_SECRET_LINE = 1024;

    /** Reads a line without echoing it, as {@link Console#readPassword(String, Object...)} does; null at end of input. */
    @FunctionalInterface
    public interface HiddenInput {
        char[] readLine(String prompt);
    }

    private final InputStream in;
    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final HiddenInput hidden;

    /** {@code hidden} is null when input does not come from a person at a terminal. */
    public Terminal(InputStream in, OutputStream stdout, OutputStream stderr, HiddenInput hidden) {
        this.in = Objects.requireNonNull(in, "in");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        this.err = new PrintWriter(new OutputStreamWriter(Objects.requireNonNull(stderr, "stderr"), StandardCharsets.UTF_8), true);
        this.hidden = hidden;
    }

    /** The process's streams; the console only when both stdin and stdout are a terminal. */
    public static Terminal system() {
        Console console = System.console();
        return new Terminal(System.in, System.out, System.err,
                console == null ? null : prompt -> console.readPassword("%s", prompt));
    }

    public InputStream stdin() {
        return in;
    }

    /** stdout for bytes; flush {@link #out()} before writing here. */
    public OutputStream stdout() {
        return stdout;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** True when a person types the input (a console is attached). */
    public boolean interactive() {
        return hidden != null;
    }

    /**
     * One line that must not be shown: from the console without echo, after {@code prompt}, when
     * there is one; else the next line of stdin (no prompt). Null when the input has ended. The
     * caller should zero the array when done.
     */
    public char[] readSecretLine(String prompt) {
        if (hidden != null) {
            return hidden.readLine(prompt);
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (line.size() == MAX_SECRET_LINE) {
                    throw PilotException.usage("the input line is longer than " + MAX_SECRET_LINE
                            + " bytes: give one recovery shard per line");
                }
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
        } catch (IOException e) {
            throw PilotException.failed("cannot read stdin: " + e.getMessage(), e);
        }
        byte[] raw = line.toByteArray();
        try {
            return decode(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static char[] decode(byte[] raw) {
        int end = raw.length;
        if (end > 0 && raw[end - 1] == '\r') {
            end--;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, end));
            char[] result = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return result;
        } catch (CharacterCodingException e) {
            throw PilotException.usage("the input is not UTF-8 text: give one recovery shard per line");
        }
    }

    /** Flushes both text streams and stdout. */
    public void flush() {
        out.flush();
        err.flush();
        try {
            stdout.flush();
        } catch (IOException e) {
            // stdout is gone (a closed pipe); there is nobody left to tell.
        }
    }
}
