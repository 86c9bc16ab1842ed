package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.server.ApiResponse;
import ist.spike.nexus.policy.InMemoryPolicyStore;
import ist.spike.nexus.policy.Policy;
import ist.spike.nexus.policy.PolicyStore;
import ist.spike.nexus.secret.InMemorySecretStore;
import ist.spike.nexus.secret.Secret;
import ist.spike.nexus.secret.SecretStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * 100,000 generated and mutated requests through the real router: every answer is a 2xx or a 4xx
 * with a known error code (never a 5xx), a refused request never changes the store, and no
 * request takes long (catastrophic patterns included).
 */
class RouterFuzzTest {
    private static final CountingSecrets SECRETS = new CountingSecrets();
    private static final CountingPolicies POLICIES = new CountingPolicies();
    private static final TestNexus NEXUS = new TestNexus(SECRETS, POLICIES);
    private static final AtomicLong ACCEPTED = new AtomicLong();
    private static final Set<Integer> ALLOWED = Set.of(200, 400, 401, 404, 409, 413, 503);

    private static final List<SpiffeId> CALLERS = List.of(TestNexus.SUPERUSER, TestNexus.RECOVER, TestNexus.RESTORE,
            TestNexus.KEEPER, TestNexus.NEXUS, TestNexus.LITE, TestNexus.APP, TestNexus.STRANGER);
    private static final List<String[]> ROUTES = List.of(
            new String[] {"/v1/store/secrets", ""}, new String[] {"/v1/store/secrets", "get"},
            new String[] {"/v1/store/secrets", "delete"}, new String[] {"/v1/store/secrets", "undelete"},
            new String[] {"/v1/store/secrets", "list"}, new String[] {"/v1/store/secrets/metadata", "get"},
            new String[] {"/v1/acl/policy", ""}, new String[] {"/v1/acl/policy", "get"},
            new String[] {"/v1/acl/policy", "list"}, new String[] {"/v1/acl/policy", "delete"},
            new String[] {"/v1/cipher/encrypt", ""}, new String[] {"/v1/cipher/decrypt", ""},
            new String[] {"/v1/status", ""}, new String[] {"/v1/operator/recover", ""},
            new String[] {"/v1/store/secrets", "destroy"}, new String[] {"/nope", ""}, new String[] {"", ""});

    record Request(String method, String path, String action, SpiffeId caller, String contentType, byte[] body) {
        @Override
        public String toString() {
            return method + " " + path + "?action=" + action + " as " + caller + " [" + contentType + "] "
                    + new String(body, StandardCharsets.UTF_8);
        }
    }

    @Property(tries = 100_000, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE, seed = "20261129")
    void noRequestCrashesNexusOrChangesTheStoreWhenRefused(@ForAll("requests") Request r) {
        long writesBefore = SECRETS.writes.get() + POLICIES.writes.get();
        long start = System.nanoTime();
        ApiResponse answer = NEXUS.router.dispatch(r.method(), r.path(), r.action(), r.caller(), r.contentType(), r.body());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.status()).as(r.toString()).isIn(ALLOWED);
        assertThat(millis).as("took too long: " + r).isLessThan(2_000);
        if (answer.status() != 200) {
            assertThat(SECRETS.writes.get() + POLICIES.writes.get()).as("refused but wrote: " + r).isEqualTo(writesBefore);
            assertThat(TestNexus.text(answer)).startsWith("{\"err\":\"");
        } else {
            ACCEPTED.incrementAndGet();
        }
    }

    @AfterContainer
    static void someRequestsWereAccepted() {
        // The generator must also produce valid calls, or the property would only test refusals.
        assertThat(ACCEPTED.get()).isGreaterThan(5_000);
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> method = Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just("POST")),
                Tuple.of(1, Arbitraries.of("GET", "PUT", "DELETE", "PATCH", "")));
        Arbitrary<String[]> route = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of(ROUTES)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(30).map(s -> new String[] {"/" + s, s})));
        Arbitrary<SpiffeId> caller = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(TestNexus.SUPERUSER)),
                Tuple.of(2, Arbitraries.just(TestNexus.LITE)),
                Tuple.of(6, Arbitraries.of(CALLERS)));
        Arbitrary<String> contentType = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just("application/json")),
                Tuple.of(2, Arbitraries.just("application/octet-stream")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
        return route.flatMap(rt -> Combinators.combine(method, caller, contentType, bodies(rt[0], rt[1]))
                .as((m, c, ct, b) -> new Request(m, rt[0], rt[1], c, ct, b)));
    }

    /** Bodies for a route: mostly well-formed for it (with hostile field values), some mutated, some noise. */
    private static Arbitrary<byte[]> bodies(String path, String action) {
        Arbitrary<byte[]> valid = validJson(path, action).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 255), Arbitraries.of(0, 1, 2, 3))
                .as(RouterFuzzTest::mutate);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> otherShape = Arbitraries.of("{}", "[]", "null", "\"x\"", "1e999", "{\"path\":{\"$gt\":1}}",
                "{\"plaintext\":\"aGVsbG8=\"}", "{\"id\":\"app\"}").map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(Tuple.of(6, valid), Tuple.of(3, mutated), Tuple.of(1, random), Tuple.of(1, otherShape));
    }

    private static Arbitrary<String> validJson(String path, String action) {
        return switch (path + "?" + action) {
            case "/v1/store/secrets?" -> Combinators.combine(paths(), values()).as((p, v) -> "{\"path\":" + p + ",\"values\":" + v + "}");
            case "/v1/store/secrets?get", "/v1/store/secrets/metadata?get" ->
                    Combinators.combine(paths(), versions()).as((p, v) -> "{\"path\":" + p + ",\"version\":" + v + "}");
            case "/v1/store/secrets?delete", "/v1/store/secrets?undelete" ->
                    Combinators.combine(paths(), versions()).as((p, v) -> "{\"path\":" + p + ",\"versions\":[" + v + "]}");
            case "/v1/acl/policy?" -> Combinators.combine(paths(), patterns(), patterns(), permissions())
                    .as((n, id, pp, perms) -> "{\"name\":" + n + ",\"spiffeidPattern\":" + id + ",\"pathPattern\":" + pp
                            + ",\"permissions\":" + perms + "}");
            case "/v1/acl/policy?get", "/v1/acl/policy?delete" -> paths().map(n -> "{\"id\":" + n + "}");
            case "/v1/acl/policy?list" -> patterns().map(p -> "{\"spiffeidPattern\":" + p + "}");
            case "/v1/cipher/encrypt?" -> Arbitraries.of("{\"plaintext\":\"aGVsbG8=\"}", "{\"plaintext\":\"\"}",
                    "{\"plaintext\":\"not base64!\"}", "{\"plaintext\":null}");
            case "/v1/cipher/decrypt?" -> versions().map(v -> "{\"version\":" + v
                    + ",\"nonce\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}");
            default -> Arbitraries.just("{}");
        };
    }

    private static Arbitrary<String> permissions() {
        return Arbitraries.of("[\"read\"]", "[\"read\",\"write\",\"list\"]", "[\"super\"]", "[\"execute\"]",
                "[]", "[\"admin\"]", "null", "\"read\"");
    }

    private static byte[] mutate(byte[] in, int position, int value, int kind) {
        if (in.length == 0) {
            return in;
        }
        int at = position % in.length;
        return switch (kind) {
            case 0 -> { // flip a byte
                byte[] out = in.clone();
                out[at] = (byte) value;
                yield out;
            }
            case 1 -> java.util.Arrays.copyOf(in, at); // truncate
            case 2 -> { // insert a byte
                byte[] out = new byte[in.length + 1];
                System.arraycopy(in, 0, out, 0, at);
                out[at] = (byte) value;
                System.arraycopy(in, at, out, at + 1, in.length - at);
                yield out;
            }
            default -> { // drop a byte
                byte[] out = new byte[in.length - 1];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + 1, out, at, in.length - at - 1);
                yield out;
            }
        };
    }

    private static Arbitrary<String> paths() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("\"apps/db\"", "\"apps/web\"", "\"team-a/svc_1\"")),
                Tuple.of(3, Arbitraries.of("\"apps/db\"", "\"apps/web\"", "\"spike/system/acl\"", "\"a b\"", "\"\"", "null", "7",
                        "\"../../etc/passwd\"", "\"x\\u0000y\"", "\"" + "p".repeat(501) + "\"", "\"(a+)+\"", "[\"a\"]")),
                Tuple.of(3, Arbitraries.strings().withChars("abcXYZ019._-/()?+*|[]{}\\ \"'%$").ofMinLength(1).ofMaxLength(40)
                        .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")));
    }

    private static Arbitrary<String> values() {
        return Arbitraries.of("{\"k\":\"v\"}", "{\"user\":\"u\",\"pass\":\"p w\"}", "{}", "null", "{\"bad key!\":\"v\"}", "{\"k\":null}", "{\"k\":1}",
                "{\"k\":\"" + "v".repeat(2000) + "\"}", "[1,2]", "{\"a\":\"1\",\"b\":\"2\"}");
    }

    private static Arbitrary<String> patterns() {
        return Arbitraries.of("\"^spiffe://spike.ist/workload/app$\"", "\".*\"", "\"(a+)+$\"", "\"(x+x+)+y\"",
                "\"a{1000}{1000}\"", "\"(\"", "\"\"", "null", "\"^spike/system/.*\"", "\"[[:alpha:]]\"",
                "\"(?P<n>x)\"", "\"\\\\\"", "\"" + "(a|b)*".repeat(80) + "\"", "\"\\\\p{Greek}+\"", "\"x(?=y)\"");
    }

    private static Arbitrary<String> versions() {
        return Arbitraries.of("0", "1", "2", "-1", "99999999999", "1.5", "\"1\"", "null", "2147483647");
    }

    /** A memory secret store that counts writes. */
    static final class CountingSecrets implements SecretStore {
        final InMemorySecretStore delegate = new InMemorySecretStore();
        final AtomicLong writes = new AtomicLong();

        @Override
        public Optional<Secret> load(String path) {
            return delegate.load(path);
        }

        @Override
        public Secret.Change update(String path, java.util.function.Function<Optional<Secret>, Secret.Change> operation) {
            Secret.Change change = delegate.update(path, operation);
            if (!change.isEmpty()) {
                writes.incrementAndGet();
            }
            return change;
        }

        @Override
        public List<String> paths() {
            return delegate.paths();
        }
    }

    /** A memory policy store that counts writes. */
    static final class CountingPolicies implements PolicyStore {
        final InMemoryPolicyStore delegate = new InMemoryPolicyStore();
        final AtomicLong writes = new AtomicLong();

        @Override
        public List<Policy> loadAll() {
            return delegate.loadAll();
        }

        @Override
        public void save(Policy policy) {
            writes.incrementAndGet();
            delegate.save(policy);
        }

        @Override
        public boolean delete(String name) {
            writes.incrementAndGet();
            return delegate.delete(name);
        }
    }
}
