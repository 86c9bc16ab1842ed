package ist.spike.keeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.spiffe.spiffeid.SpiffeId;
import ist.spike.core.server.ApiResponse;
import ist.spike.core.server.RequestMetrics;
import ist.spike.core.server.Router;
import ist.spike.core.spiffe.TrustRoots;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeeperRouterTest {
    private static final SpiffeId NEXUS = SpiffeId.parse("spiffe://spike.ist/spike/nexus");
    private static final SpiffeId PILOT = SpiffeId.parse("spiffe://spike.ist/spike/pilot/role/superuser");

    private final ShardHolder holder = new ShardHolder();
    private final Router router = Keeper.router(TrustRoots.single("spike.ist").anyOf(ist.spike.core.spiffe.SpiffeRole.NEXUS), holder, new RequestMetrics("spike_keeper"));

    private ApiResponse post(SpiffeId caller, String path, String body) {
        return router.dispatch("POST", path, "", caller, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static String shard(int first) {
        return "{\"shard\":[" + first + String.join("", Collections.nCopies(31, ",7")) + "]}";
    }

    @Test
    void holdsTheShardNexusContributesAndGivesItBack() {
        assertThat(post(NEXUS, "/v1/store/shard", "{}").status()).isEqualTo(404);
        assertThat(post(NEXUS, "/v1/store/contribute", shard(1)).status()).isEqualTo(200);
        assertThat(holder.holdsShard()).isTrue();
        ApiResponse back = post(NEXUS, "/v1/store/shard", "{}");
        assertThat(new String(back.body(), StandardCharsets.UTF_8)).isEqualTo(shard(1));
        assertThat(post(NEXUS, "/v1/store/contribute", shard(9)).status()).isEqualTo(200);
        assertThat(new String(post(NEXUS, "/v1/store/shard", "{}").body(), StandardCharsets.UTF_8)).isEqualTo(shard(9));
    }

    @Test
    void onlyNexusMayAsk() {
        post(NEXUS, "/v1/store/contribute", shard(1));
        assertThat(post(PILOT, "/v1/store/shard", "{}").status()).isEqualTo(401);
        assertThat(post(PILOT, "/v1/store/contribute", shard(2)).status()).isEqualTo(401);
        assertThat(new String(post(NEXUS, "/v1/store/shard", "{}").body(), StandardCharsets.UTF_8)).isEqualTo(shard(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"shard\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}",
        "{\"shard\":[1,2,3]}", "{\"shard\":[256]}", "{\"shard\":null}", "{}", "not json", "{\"shard\":\"AQID\"}"})
    void refusesBadShardsAndKeepsTheOldOne(String body) {
        post(NEXUS, "/v1/store/contribute", shard(5));
        assertThat(post(NEXUS, "/v1/store/contribute", body).status()).isEqualTo(400);
        assertThat(new String(post(NEXUS, "/v1/store/shard", "{}").body(), StandardCharsets.UTF_8)).isEqualTo(shard(5));
    }

    @Test
    void closeForgetsTheShard() {
        post(NEXUS, "/v1/store/contribute", shard(3));
        holder.close();
        assertThat(holder.holdsShard()).isFalse();
        assertThat(holder.toString()).isEqualTo("ShardHolder[empty]");
    }
}
