package ist.spike.nexus.policy;

import static ist.spike.nexus.TestNexus.APP;
import static ist.spike.nexus.TestNexus.KEEPER;
import static ist.spike.nexus.TestNexus.LITE;
import static ist.spike.nexus.TestNexus.NEXUS;
import static ist.spike.nexus.TestNexus.RECOVER;
import static ist.spike.nexus.TestNexus.RESTORE;
import static ist.spike.nexus.TestNexus.STRANGER;
import static ist.spike.nexus.TestNexus.SUPERUSER;
import static org.assertj.core.api.Assertions.assertThat;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.server.Route;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.TestNexus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route × every kind of caller, through the real router, on a fresh Nexus each time that
 * holds secret {@code apps/db} and a policy granting {@link TestNexus#APP} read, write and list on
 * {@code apps/…} (which, unanchored at the system namespace, does not reach {@code spike/system/…}).
 */
class AuthorizationMatrixTest {
    private static final List<SpiffeId> CALLERS = List.of(SUPERUSER, RECOVER, RESTORE, KEEPER, NEXUS, LITE, APP, STRANGER);

    private record Call(String path, String action, String body) {
    }

    /** route -> expected status for SUPERUSER, RECOVER, RESTORE, KEEPER, NEXUS, LITE, APP, STRANGER. */
    private static final Map<Call, List<Integer>> MATRIX = Map.ofEntries(
            Map.entry(new Call("/v1/store/secrets", "", "{\"path\":\"apps/db\",\"values\":{\"k\":\"v2\"}}"),
                    List.of(200, 401, 401, 401, 401, 401, 200, 401)),
            Map.entry(new Call("/v1/store/secrets", "get", "{\"path\":\"apps/db\"}"),
                    List.of(200, 401, 401, 401, 401, 401, 200, 401)),
            Map.entry(new Call("/v1/store/secrets", "delete", "{\"path\":\"apps/db\",\"versions\":[]}"),
                    List.of(200, 401, 401, 401, 401, 401, 200, 401)),
            Map.entry(new Call("/v1/store/secrets", "undelete", "{\"path\":\"apps/db\",\"versions\":[1]}"),
                    List.of(200, 401, 401, 401, 401, 401, 200, 401)),
            Map.entry(new Call("/v1/store/secrets", "list", "{}"),
                    List.of(200, 401, 401, 401, 401, 401, 401, 401)),
            Map.entry(new Call("/v1/store/secrets/metadata", "get", "{\"path\":\"apps/db\"}"),
                    List.of(200, 401, 401, 401, 401, 401, 200, 401)),
            Map.entry(new Call("/v1/acl/policy", "", "{\"name\":\"p2\",\"spiffeidPattern\":\"^x$\",\"pathPattern\":\"^y$\",\"permissions\":[\"read\"]}"),
                    List.of(200, 401, 401, 401, 401, 401, 401, 401)),
            Map.entry(new Call("/v1/acl/policy", "get", "{\"id\":\"app\"}"),
                    List.of(200, 401, 401, 401, 401, 401, 401, 401)),
            Map.entry(new Call("/v1/acl/policy", "list", "{}"),
                    List.of(200, 401, 401, 401, 401, 401, 401, 401)),
            Map.entry(new Call("/v1/acl/policy", "delete", "{\"id\":\"app\"}"),
                    List.of(200, 401, 401, 401, 401, 401, 401, 401)),
            Map.entry(new Call("/v1/cipher/encrypt", "", "{\"plaintext\":\"aGk=\"}"),
                    List.of(200, 401, 401, 401, 401, 200, 401, 401)),
            Map.entry(new Call("/v1/status", "", "{}"),
                    List.of(200, 200, 200, 200, 200, 200, 200, 200)),
            // Hard-wired to their roles; on this memory-backed Nexus the role gets 409 (no shards kept).
            Map.entry(new Call("/v1/operator/recover", "", "{}"),
                    List.of(401, 409, 401, 401, 401, 401, 401, 401)),
            Map.entry(new Call("/v1/operator/restore", "", "{\"id\":1,\"shard\":[" + "1,".repeat(31) + "1]}"),
                    List.of(401, 401, 409, 401, 401, 401, 401, 401)),
            // The passphrase escrow: hard-wired to the same roles (409 here: no root key record).
            Map.entry(new Call("/v1/operator/escrow", "", "{\"passphrase\":\"Y29ycmVjdCBob3JzZSBiYXR0ZXJ5\"}"),
                    List.of(401, 409, 401, 401, 401, 401, 401, 401)),
            Map.entry(new Call("/v1/operator/escrow", "delete", "{}"),
                    List.of(401, 409, 401, 401, 401, 401, 401, 401)),
            Map.entry(new Call("/v1/operator/escrow", "restore", "{\"passphrase\":\"Y29ycmVjdCBob3JzZSBiYXR0ZXJ5\"}"),
                    List.of(401, 401, 409, 401, 401, 401, 401, 401)),
            // Public values for any SVID of the trust domain; the memory backend has no sharing (503).
            Map.entry(new Call("/v1/operator/commitments", "", "{}"),
                    List.of(503, 503, 503, 503, 503, 503, 503, 503)),
            // The superuser only; the memory backend has no keyring (409).
            Map.entry(new Call("/v1/operator/rotate", "", "{\"rewrap\":false}"),
                    List.of(409, 401, 401, 401, 401, 401, 401, 401)),
            // The superuser only; the memory backend has no root key to replace (409).
            Map.entry(new Call("/v1/operator/rekey", "", "{}"),
                    List.of(409, 401, 401, 401, 401, 401, 401, 401)));

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        MATRIX.forEach((call, expected) -> {
            for (int i = 0; i < CALLERS.size(); i++) {
                out.add(Arguments.of(call.path() + "?action=" + call.action(), CALLERS.get(i).getPath(), call, CALLERS.get(i), expected.get(i)));
            }
        });
        return out.stream();
    }

    private static TestNexus seeded() {
        TestNexus nexus = new TestNexus();
        assertThat(nexus.post(SUPERUSER, "/v1/store/secrets", "", "{\"path\":\"apps/db\",\"values\":{\"k\":\"v1\"}}").status()).isEqualTo(200);
        assertThat(nexus.post(SUPERUSER, "/v1/acl/policy", "", "{\"name\":\"app\",\"spiffeidPattern\":\"^spiffe://spike.ist/workload/app$\","
                + "\"pathPattern\":\".*\",\"permissions\":[\"read\",\"write\",\"list\"]}").status()).isEqualTo(200);
        return nexus;
    }

    @ParameterizedTest(name = "{0} as {1} -> {4}")
    @MethodSource("cells")
    void everyRouteAnswersEveryCallerAsDesigned(String route, String who, Call call, SpiffeId caller, int expected) {
        TestNexus nexus = seeded();
        var answer = nexus.post(caller, call.path(), call.action(), call.body());
        assertThat(answer.status()).as(TestNexus.text(answer)).isEqualTo(expected);
        if (expected == 401) {
            assertThat(TestNexus.text(answer)).isEqualTo("{\"err\":\"access_unauthorized\"}");
        }
    }

    @Test
    void theMatrixCoversEveryRouteAndEveryRouteHasAGuardThatFailsClosed() {
        TestNexus nexus = seeded();
        List<RouteKey> covered = MATRIX.keySet().stream().map(c -> new RouteKey(c.path(), c.action())).toList();
        List<RouteKey> exempt = List.of(new RouteKey("/v1/cipher/decrypt", ""));
        for (Route route : nexus.router.routes().values()) {
            assertThat(route.guard()).as(route.key().toString()).isNotNull();
            assertThat(covered.contains(route.key()) || exempt.contains(route.key())).as(route.key() + " is in the matrix").isTrue();
        }
        assertThat(nexus.post(STRANGER, "/v1/cipher/decrypt", "", "{\"version\":1,\"nonce\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"AA==\"}").status())
                .isEqualTo(401);
    }

    @Test
    void onlyTheSecretGetRunsOnTheThreadThatReadTheRequest() {
        // A quick route is tried on a selector thread, answering from memory only (WouldBlock sends
        // it to the pool otherwise): a map lookup and one decryption. Anything that writes, waits on
        // a peer or scans belongs on the pool.
        TestNexus nexus = seeded();
        assertThat(nexus.router.routes().values().stream().filter(Route::quick).map(Route::key).toList())
                .containsExactly(new RouteKey("/v1/store/secrets", "get"));
        assertThat(nexus.router.isQuick("/v1/store/secrets", "get")).isTrue();
        assertThat(nexus.router.isQuick("/v1/store/secrets", "")).isFalse();
        assertThat(nexus.router.isQuick("/v1/no/such/path", "get")).isFalse();
    }

    @Test
    void systemPathsNeedAnAnchoredPatternAndSuperStaysWithinItsPaths() {
        TestNexus nexus = seeded();
        nexus.post(SUPERUSER, "/v1/acl/policy", "", "{\"name\":\"lister\",\"spiffeidPattern\":\"^spiffe://spike.ist/workload/stranger$\","
                + "\"pathPattern\":\"^spike/system/secret$\",\"permissions\":[\"list\"]}");
        assertThat(nexus.post(STRANGER, "/v1/store/secrets", "list", "{}").status()).isEqualTo(200);
        assertThat(nexus.post(STRANGER, "/v1/acl/policy", "list", "{}").status()).isEqualTo(401);

        nexus.post(SUPERUSER, "/v1/acl/policy", "", "{\"name\":\"broad-super\",\"spiffeidPattern\":\"workload/app\","
                + "\"pathPattern\":\".*\",\"permissions\":[\"super\"]}");
        assertThat(nexus.post(APP, "/v1/acl/policy", "list", "{}").status()).as("super via .* does not reach spike/system").isEqualTo(401);
        assertThat(nexus.post(APP, "/v1/store/secrets", "", "{\"path\":\"other/x\",\"values\":{\"k\":\"v\"}}").status()).isEqualTo(200);
    }

    @Test
    void anAlternationAfterTheSystemPrefixDoesNotReachSystemPaths() {
        TestNexus nexus = seeded();
        nexus.post(SUPERUSER, "/v1/acl/policy", "", "{\"name\":\"sneaky\",\"spiffeidPattern\":\"workload/app\","
                + "\"pathPattern\":\"^spike/system/none|.*\",\"permissions\":[\"super\"]}");

        assertThat(nexus.post(APP, "/v1/acl/policy", "", "{\"name\":\"mine\",\"spiffeidPattern\":\"workload/app\","
                + "\"pathPattern\":\"^spike/system/\",\"permissions\":[\"super\"]}").status())
                .as("creating itself a policy on spike/system/").isEqualTo(401);
        assertThat(nexus.post(APP, "/v1/acl/policy", "list", "{}").status()).isEqualTo(401);
        assertThat(nexus.post(APP, "/v1/store/secrets", "list", "{}").status()).isEqualTo(401);
        assertThat(nexus.post(APP, "/v1/store/secrets", "", "{\"path\":\"other/x\",\"values\":{\"k\":\"v\"}}").status())
                .as("its .* branch still covers ordinary paths").isEqualTo(200);
    }

    @Test
    void nothingIsServedBeforeReadyButStatus() {
        TestNexus nexus = seeded();
        nexus.rootKey.state(ist.spike.nexus.state.NexusState.RECOVERING);
        assertThat(TestNexus.text(nexus.post(SUPERUSER, "/v1/store/secrets", "get", "{\"path\":\"apps/db\"}")))
                .isEqualTo("{\"err\":\"state_not_ready\"}");
        assertThat(nexus.post(LITE, "/v1/cipher/encrypt", "", "{\"plaintext\":\"aGk=\"}").status()).isEqualTo(503);
        assertThat(TestNexus.text(nexus.post(STRANGER, "/v1/status", "", "{}"))).contains("\"state\":\"RECOVERING\"");
    }
}
