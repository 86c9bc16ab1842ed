package ist.spike.nexus.recovery;

import ist.spike.core.crypto.AesGcm;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.nexus.recovery.RootKeyRecordStore.Attempts;
import ist.spike.nexus.recovery.RootKeyRecordStore.Escrow;
import ist.spike.nexus.state.RootKey;
import ist.spike.nexus.storage.RowBinding;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passphrase escrow (DESIGN §3a, the seed's second way back): the root key sealed (AES-256-GCM)
 * under a key derived from an admin's passphrase with Argon2id (64 MiB, 3 passes, one lane, a random
 * 16-byte salt; the parameters are stored with it), beside the check of the key it holds. A rekey
 * leaves it holding the replaced key: {@code stale}. Wrong passphrases are counted in the database,
 * and after the n-th the next attempt is refused for 2^(n-1) seconds (at most 15 minutes), across
 * restarts.
 *
 * <p>Derivations run one at a time on a thread of their own: each takes 64 MiB and a core for a
 * fraction of a second, and request threads only wait for it. Security: neither the passphrase nor
 * the derived key is logged, kept after use or put in an exception.
 */
public final class PassphraseEscrow implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PassphraseEscrow.class);
    static final int MIN_CHARACTERS = 12;
    static final int MAX_BYTES = 1024;
    public static final int MEMORY_KIB = 64 * 1024;
    public static final int ITERATIONS = 3;
    public static final int PARALLELISM = 1;
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RootKeyRecordStore records;
    private final Clock clock;
    private final ExecutorService argon2 = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "argon2");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean busy = new AtomicBoolean();

    PassphraseEscrow(RootKeyRecordStore records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** Throws {@code api_bad_request} unless {@code passphrase} is UTF-8 of 12 characters or more (at most 1 KiB). */
    static void requireAcceptable(byte[] passphrase) {
        if (passphrase == null || passphrase.length == 0) {
            throw SpikeException.badRequest("a passphrase is required");
        }
        if (passphrase.length > MAX_BYTES) {
            throw SpikeException.badRequest("the passphrase is longer than " + MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(passphrase)).toString();
        } catch (CharacterCodingException e) {
            throw SpikeException.badRequest("the passphrase is not UTF-8 text");
        }
        if (text.codePointCount(0, text.length()) < MIN_CHARACTERS) {
            throw SpikeException.badRequest("the passphrase is shorter than " + MIN_CHARACTERS + " characters");
        }
    }

    /** A new escrow of the key in {@code rootKey}, whose check is {@code keyCheck}. */
    Escrow seal(byte[] passphrase, byte[] keyCheck, RootKey rootKey) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        SecretBytes derived = derive(passphrase, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
        try {
            byte[] sealed = rootKey.sealUnder(new AesGcm(derived), binding(keyCheck));
            return new Escrow(keyCheck, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, sealed, clock.instant());
        } finally {
            derived.destroy();
        }
    }

    /**
     * The key {@code escrow} holds, or {@code api_bad_request} for a wrong passphrase, which is
     * counted. Refused with {@code state_conflict} while an earlier failure's delay runs.
     */
    SecretBytes open(byte[] passphrase, Escrow escrow) {
        Optional<Instant> retry = retryAt(records.attempts());
        if (retry.isPresent() && clock.instant().isBefore(retry.get())) {
            throw new SpikeException(ErrorCode.CONFLICT, "too soon after a wrong passphrase: the next attempt is"
                    + " accepted from " + retry.get());
        }
        SecretBytes derived = derive(passphrase, escrow.salt(), escrow.memoryKib(), escrow.iterations(),
                escrow.parallelism());
        byte[] raw;
        try {
            raw = new AesGcm(derived).open(escrow.sealedKey(), binding(escrow.keyCheck()));
        } catch (SpikeException e) {
            int failures = records.recordFailure(clock.instant());
            LOG.warn("spike restore --passphrase: wrong passphrase ({} since the last right one); the next attempt waits {} s",
                    failures, delay(failures).toSeconds());
            throw SpikeException.badRequest("wrong passphrase");
        } finally {
            derived.destroy();
        }
        records.clearFailures();
        return SecretBytes.takeOwnership(raw);
    }

    /** {@code none}, {@code current} (holds the key whose check is {@code keyCheck}) or {@code stale}. */
    String state(byte[] keyCheck) {
        return records.escrow().map(e -> Arrays.equals(e.keyCheck(), keyCheck) ? "current" : "stale").orElse("none");
    }

    /** When the next attempt is accepted after {@code attempts}; empty when at once. */
    static Optional<Instant> retryAt(Attempts attempts) {
        return attempts.failures() == 0 ? Optional.empty() : Optional.of(attempts.lastFailure().plus(delay(attempts.failures())));
    }

    /** The wait after the n-th wrong passphrase: 1 s, 2 s, 4 s, … at most 15 minutes. */
    static Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration d = Duration.ofSeconds(1L << Math.min(failures - 1, 20));
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    /** Argon2id on the escrow's own thread, one at a time (another attempt meanwhile is refused). */
    SecretBytes derive(byte[] passphrase, byte[] salt, int memoryKib, int iterations, int parallelism) {
        if (!busy.compareAndSet(false, true)) {
            throw new SpikeException(ErrorCode.CONFLICT, "another passphrase is being checked: try again in a moment");
        }
        byte[] copy = passphrase.clone();
        try {
            Future<byte[]> result = argon2.submit(() -> {
                long t0 = System.nanoTime();
                byte[] out = argon2id(copy, salt, memoryKib, iterations, parallelism);
                LOG.info("Argon2id derivation ({} KiB, {} passes) took {} ms", memoryKib, iterations,
                        (System.nanoTime() - t0) / 1_000_000);
                return out;
            });
            return SecretBytes.takeOwnership(result.get());
        } catch (ExecutionException e) {
            throw new SpikeException(ErrorCode.INTERNAL, "the passphrase derivation failed: "
                    + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikeException(ErrorCode.NOT_READY, "interrupted while checking the passphrase");
        } finally {
            Arrays.fill(copy, (byte) 0);
            busy.set(false);
        }
    }

    /** Argon2id (version 1.3) of {@code passphrase}: 32 bytes, on the calling thread (the benchmark's too). */
    public static byte[] argon2id(byte[] passphrase, byte[] salt, int memoryKib, int iterations, int parallelism) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(memoryKib)
                .withIterations(iterations).withParallelism(parallelism).build());
        byte[] out = new byte[32];
        generator.generateBytes(passphrase, out);
        return out;
    }

    static byte[] binding(byte[] keyCheck) {
        return RowBinding.of("passphrase_escrow", HexFormat.of().formatHex(keyCheck), "root-key");
    }

    @Override
    public void close() {
        argon2.shutdownNow();
    }
}
