package ist.spike.pilot;

import ist.spike.core.api.CipherMessages.Ciphertext;
import ist.spike.core.api.CipherMessages.Plaintext;
import ist.spike.core.api.OperatorMessages.RecoverResponse;
import ist.spike.core.api.OperatorMessages.RestoreRequest;
import ist.spike.core.api.OperatorMessages.RestoreResponse;
import ist.spike.core.api.PolicyMessages;
import ist.spike.core.api.SecretMessages;
import ist.spike.core.api.StatusMessages.KeeperInfo;
import ist.spike.core.api.StatusMessages.NexusStatus;
import ist.spike.core.api.StatusMessages.RestoreProgress;
import ist.spike.core.api.StatusMessages.ShamirInfo;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.shamir.Shamir;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;
import ist.spike.pilot.nexus.NexusApi;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An in-memory Nexus for Pilot's tests: KV v2 secrets, policies, a reversible stand-in cipher, real
 * Shamir shares for recover and restore, and a status. Every request is recorded; {@link #failWith}
 * makes every call throw, as a refusing or unreachable Nexus would.
 */
public final class FakeNexusApi implements NexusApi {
    static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
    static final int MAX_VERSIONS = 10;

    private record Version(int number, Map<String, String> values, Instant created, Instant deleted) {
    }

    private final Map<String, List<Version>> secrets = new TreeMap<>();
    private final Map<String, PolicyMessages.Policy> policies = new TreeMap<>();
    private final List<Object> requests = new ArrayList<>();
    private final List<Share> shares;
    private final TreeSet<Integer> collected = new TreeSet<>();
    private String state = "READY";
    private RuntimeException failure;
    private RuntimeException statusFailure;
    private int clock;

    public FakeNexusApi() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i + 1); // well below the P-256 group order
        }
        rootKey = SecretBytes.takeOwnership(key);
        shares = Shamir.split(rootKey, new ShamirParameters(3, 2));
        commitments = new ist.spike.core.api.OperatorMessages.CommitmentsResponse(List.of(
                generation(2, "current", rootKey, 4, 3), generation(1, "retired", rootKey, 3, 2)));
    }

    private ist.spike.core.api.OperatorMessages.CommitmentsResponse commitments;

    /** Adds generation 0 of {@code replaced}, any 2 of 3, revoked by a rekey at {@code when}. */
    public FakeNexusApi rekeyedFrom(SecretBytes replaced, String when) {
        List<ist.spike.core.api.OperatorMessages.Generation> all = new ArrayList<>(commitments.generations());
        all.add(new ist.spike.core.api.OperatorMessages.Generation(0, "revoked", 3, 2,
                ist.spike.core.shamir.FeldmanCommitments.of(replaced, 2).points(), when));
        commitments = new ist.spike.core.api.OperatorMessages.CommitmentsResponse(all);
        return this;
    }
    private final SecretBytes rootKey;

    /** The fake key's shares for another sharing (its commitments list generation 2 as any 3 of 4). */
    public List<Share> sharesOf(ShamirParameters sharing) {
        return Shamir.split(rootKey, sharing);
    }

    private static ist.spike.core.api.OperatorMessages.Generation generation(int number, String status, SecretBytes key,
                                                                          int n, int t) {
        return new ist.spike.core.api.OperatorMessages.Generation(number, status, n, t,
                ist.spike.core.shamir.FeldmanCommitments.of(key, t).points());
    }

    private int term = 1;

    @Override
    public ist.spike.core.api.OperatorMessages.RotateResponse rotate(ist.spike.core.api.OperatorMessages.RotateRequest request) {
        call(request.rewrap() ? "rotate --rewrap" : "rotate");
        requireReady();
        return new ist.spike.core.api.OperatorMessages.RotateResponse(++term);
    }

    @Override
    public ist.spike.core.api.OperatorMessages.RekeyResponse rekey() {
        call("rekey");
        requireReady();
        return new ist.spike.core.api.OperatorMessages.RekeyResponse(2, true, 3, 2);
    }

    @Override
    public ist.spike.core.api.OperatorMessages.CommitmentsResponse commitments() {
        call("commitments");
        return commitments;
    }

    /** Every call but status throws {@code e} from now on; see {@link #statusFailsWith}. */
    public FakeNexusApi failWith(RuntimeException e) {
        this.failure = e;
        return this;
    }

    public FakeNexusApi statusFailsWith(RuntimeException e) {
        this.statusFailure = e;
        return this;
    }

    public FakeNexusApi state(String state) {
        this.state = state;
        return this;
    }

    /** The shares of the fake's root key, as Nexus would hand them out on recover. */
    public List<Share> shares() {
        return shares;
    }

    /** Every request received, in order (no-argument calls record their method name). */
    public List<Object> requests() {
        return List.copyOf(requests);
    }

    private void call(Object request) {
        if (failure != null) {
            throw failure;
        }
        requests.add(request);
    }

    private static SpikeException error(ErrorCode code) {
        return new SpikeException(code, "the server answered " + code.httpStatus() + " " + code.wire());
    }

    private void requireReady() {
        if (!"READY".equals(state)) {
            throw error(ErrorCode.NOT_READY);
        }
    }

    @Override
    public void putSecret(SecretMessages.PutRequest request) {
        call(request);
        requireReady();
        List<Version> versions = secrets.computeIfAbsent(request.path(), p -> new ArrayList<>());
        int next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).number() + 1;
        versions.add(new Version(next, request.values(), T0.plusSeconds(clock++), null));
        if (versions.size() > MAX_VERSIONS) {
            versions.remove(0);
        }
    }

    private Version version(String path, Integer number) {
        List<Version> versions = secrets.get(path);
        if (versions == null) {
            throw error(ErrorCode.NOT_FOUND);
        }
        int wanted = number == null || number == 0 ? versions.get(versions.size() - 1).number() : number;
        return versions.stream().filter(v -> v.number() == wanted).findFirst().orElseThrow(() -> error(ErrorCode.NOT_FOUND));
    }

    @Override
    public SecretMessages.GetResponse getSecret(SecretMessages.GetRequest request) {
        call(request);
        requireReady();
        Version v = version(request.path(), request.version());
        if (v.deleted() != null) {
            throw error(ErrorCode.NOT_FOUND);
        }
        return new SecretMessages.GetResponse(v.values());
    }

    @Override
    public void deleteSecret(SecretMessages.VersionsRequest request) {
        call(request);
        mark(request, T0.plusSeconds(1000));
    }

    @Override
    public void undeleteSecret(SecretMessages.VersionsRequest request) {
        call(request);
        mark(request, null);
    }

    private void mark(SecretMessages.VersionsRequest request, Instant deleted) {
        requireReady();
        List<Integer> numbers = request.versions().isEmpty() ? List.of(0) : request.versions();
        for (Integer n : numbers) {
            Version v = version(request.path(), n);
            List<Version> versions = secrets.get(request.path());
            versions.set(versions.indexOf(v), new Version(v.number(), v.values(), v.created(), deleted));
        }
    }

    @Override
    public SecretMessages.ListResponse listSecrets() {
        call("listSecrets");
        requireReady();
        return new SecretMessages.ListResponse(List.copyOf(secrets.keySet()));
    }

    @Override
    public SecretMessages.MetadataResponse getSecretMetadata(SecretMessages.GetRequest request) {
        call(request);
        requireReady();
        version(request.path(), request.version());
        List<Version> versions = secrets.get(request.path());
        Map<String, SecretMessages.VersionInfo> infos = new LinkedHashMap<>();
        versions.forEach(v -> infos.put(String.valueOf(v.number()),
                new SecretMessages.VersionInfo(v.created(), v.number(), v.deleted())));
        Version first = versions.get(0);
        Version last = versions.get(versions.size() - 1);
        return new SecretMessages.MetadataResponse(infos, new SecretMessages.Metadata(last.number(), first.number(),
                first.created(), last.created(), MAX_VERSIONS));
    }

    @Override
    public void upsertPolicy(PolicyMessages.PutRequest request) {
        call(request);
        requireReady();
        PolicyMessages.Policy old = policies.get(request.name());
        String id = old == null ? "policy-" + (policies.size() + 1) : old.id();
        Instant created = old == null ? T0 : old.createdAt();
        policies.put(request.name(), new PolicyMessages.Policy(id, request.name(), request.spiffeidPattern(),
                request.pathPattern(), request.permissions(), created, T0.plusSeconds(60)));
    }

    @Override
    public PolicyMessages.Policy getPolicy(PolicyMessages.IdRequest request) {
        call(request);
        requireReady();
        PolicyMessages.Policy policy = policies.get(request.id());
        if (policy == null) {
            throw error(ErrorCode.NOT_FOUND);
        }
        return policy;
    }

    @Override
    public PolicyMessages.ListResponse listPolicies(PolicyMessages.ListRequest request) {
        call(request);
        requireReady();
        return new PolicyMessages.ListResponse(policies.values().stream()
                .filter(p -> request.spiffeidPattern() == null || request.spiffeidPattern().equals(p.spiffeIdPattern()))
                .filter(p -> request.pathPattern() == null || request.pathPattern().equals(p.pathPattern()))
                .map(p -> new PolicyMessages.Summary(p.id(), p.name()))
                .toList());
    }

    @Override
    public void deletePolicy(PolicyMessages.IdRequest request) {
        call(request);
        requireReady();
        if (policies.remove(request.id()) == null) {
            throw error(ErrorCode.NOT_FOUND);
        }
    }

    // The stand-in cipher: version byte, a 12-byte nonce, the plaintext reversed and XORed. Reversible, not secure.
    private static final byte[] NONCE = "fake-nonce12".getBytes(StandardCharsets.US_ASCII);

    private static byte[] scramble(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (byte) (in[in.length - 1 - i] ^ 0x5a);
        }
        return out;
    }

    @Override
    public Ciphertext encrypt(Plaintext request) {
        call(request);
        requireReady();
        return new Ciphertext(1, NONCE.clone(), scramble(request.plaintext()));
    }

    @Override
    public Plaintext decrypt(Ciphertext request) {
        call(request);
        requireReady();
        if (request.version() != 1 || !Arrays.equals(request.nonce(), NONCE)) {
            throw error(ErrorCode.BAD_REQUEST);
        }
        return new Plaintext(scramble(request.ciphertext()));
    }

    @Override
    public byte[] encryptStream(byte[] plaintext) {
        call("encryptStream");
        requireReady();
        byte[] out = new byte[1 + NONCE.length + plaintext.length];
        out[0] = 1;
        System.arraycopy(NONCE, 0, out, 1, NONCE.length);
        System.arraycopy(scramble(plaintext), 0, out, 1 + NONCE.length, plaintext.length);
        return out;
    }

    @Override
    public byte[] decryptStream(byte[] ciphertext) {
        call("decryptStream");
        requireReady();
        if (ciphertext.length < 1 + NONCE.length || ciphertext[0] != 1
                || !Arrays.equals(Arrays.copyOfRange(ciphertext, 1, 1 + NONCE.length), NONCE)) {
            throw error(ErrorCode.BAD_REQUEST);
        }
        return scramble(Arrays.copyOfRange(ciphertext, 1 + NONCE.length, ciphertext.length));
    }

    @Override
    public RecoverResponse recover() {
        call("recover");
        requireReady();
        Map<String, SecretBytes> out = new LinkedHashMap<>();
        shares.forEach(s -> out.put(String.valueOf(s.id()), SecretBytes.copyOf(s.value().revealCopy())));
        return new RecoverResponse(out);
    }

    @Override
    public RestoreResponse restore(RestoreRequest request) {
        call(request.id());
        if ("READY".equals(state)) {
            throw error(ErrorCode.CONFLICT);
        }
        boolean known = shares.stream().anyMatch(s -> s.id() == request.id() && s.value().equals(request.shard()));
        if (!known) {
            throw error(ErrorCode.BAD_REQUEST);
        }
        collected.add(request.id());
        int remaining = Math.max(0, 2 - collected.size());
        if (remaining == 0) {
            state = "READY";
        }
        return new RestoreResponse(collected.size(), remaining, remaining == 0);
    }

    @Override
    public NexusStatus status() {
        if (statusFailure != null) {
            throw statusFailure;
        }
        requests.add("status");
        boolean holds = "READY".equals(state);
        return new NexusStatus(state, "sqlite", new ShamirInfo(3, 2), List.of(
                new KeeperInfo(1, "https://localhost:8443", true, holds),
                new KeeperInfo(2, "https://localhost:8543", true, holds),
                new KeeperInfo(3, "https://localhost:8643", false, false)),
                new RestoreProgress(collected.size(), Math.max(0, 2 - collected.size())), List.of(), List.of(),
                new ist.spike.core.api.StatusMessages.SharingInfo(1, "none", null, escrowed == null ? "none" : "current",
                        null, null, null, false, escrowFailures, escrowFailures == 0 ? null : "2026-12-02T10:00:02Z"), null);
    }

    private String escrowed;
    private int escrowFailures;

    @Override
    public ist.spike.core.api.OperatorMessages.EscrowResponse escrow(ist.spike.core.api.OperatorMessages.EscrowRequest request) {
        call("escrow");
        requireReady();
        escrowed = new String(request.passphrase(), java.nio.charset.StandardCharsets.UTF_8);
        return new ist.spike.core.api.OperatorMessages.EscrowResponse("current");
    }

    @Override
    public ist.spike.core.api.OperatorMessages.EscrowResponse removeEscrow() {
        call("escrow remove");
        escrowed = null;
        return new ist.spike.core.api.OperatorMessages.EscrowResponse("none");
    }

    @Override
    public RestoreResponse restoreWithPassphrase(ist.spike.core.api.OperatorMessages.EscrowRequest request) {
        call("escrow restore");
        if ("READY".equals(state) || escrowed == null) {
            throw error(ErrorCode.CONFLICT);
        }
        if (!escrowed.equals(new String(request.passphrase(), java.nio.charset.StandardCharsets.UTF_8))) {
            escrowFailures++;
            throw error(ErrorCode.BAD_REQUEST);
        }
        escrowFailures = 0;
        state = "READY";
        return new RestoreResponse(0, 0, true);
    }
}
