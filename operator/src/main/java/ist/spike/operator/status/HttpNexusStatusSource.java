package ist.spike.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.operator.manifests.Names;
import ist.spike.operator.model.SpikeCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Reads Nexus {@code /status} over its plain-HTTP health port. Security: that port serves state and
 * counts only, never key material, so no credentials are needed and none are sent.
 */
public final class HttpNexusStatusSource implements NexusStatusSource {
    /** In-cluster address of a SpikeCluster's Nexus health port; {name} and {namespace} are filled in. */
    public static final String DEFAULT_URL_TEMPLATE = "http://{name}-nexus.{namespace}.svc:"
            + Names.NEXUS_HEALTH_PORT + "/status";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private final HttpClient http;
    private final String urlTemplate;
    private final Duration timeout;

    public HttpNexusStatusSource(String urlTemplate, Duration timeout) {
        this.urlTemplate = urlTemplate;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public URI url(SpikeCluster cluster) {
        return URI.create(urlTemplate.replace("{name}", cluster.getMetadata().getName())
                .replace("{namespace}", cluster.getMetadata().getNamespace()));
    }

    @Override
    public NexusObservation observe(SpikeCluster cluster) {
        URI url = url(cluster);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return NexusObservation.unreachable(url + " answered HTTP " + response.statusCode());
            }
            if (response.body().length > MAX_BODY) {
                return NexusObservation.unreachable(url + " answered more than " + MAX_BODY + " bytes");
            }
            return parse(response.body());
        } catch (HttpTimeoutException e) {
            return NexusObservation.unreachable(url + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return NexusObservation.unreachable("cannot connect to " + url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NexusObservation.unreachable("interrupted while reading " + url);
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    /** The fields the operator needs from Nexus's status object; anything else in it is ignored. */
    static NexusObservation parse(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode state = root == null ? null : root.get("state");
            if (state == null || !state.isTextual() || state.asText().isBlank()) {
                return NexusObservation.unreachable("Nexus /status has no state");
            }
            int holding = 0;
            for (JsonNode keeper : root.path("keepers")) {
                if (keeper.path("holdsShard").asBoolean(false)) {
                    holding++;
                }
            }
            JsonNode restore = root.path("restore");
            JsonNode shamir = root.path("shamir");
            NexusObservation seen = NexusObservation.reachable(state.asText(), holding, restore.path("collected").asInt(0),
                    restore.path("remaining").asInt(0), shamir.path("shares").asInt(0),
                    shamir.path("threshold").asInt(0));
            JsonNode sharing = root.path("sharing");
            if (!sharing.isObject()) {
                return seen;
            }
            JsonNode pending = sharing.path("pending");
            return seen.withSharing(new NexusObservation.Sharing(sharing.path("generation").asInt(0),
                    sharing.path("recoveryFiles").asText("none"), text(sharing.path("recoveredAt")),
                    pending.path("shares").asInt(0), pending.path("threshold").asInt(0), text(sharing.path("problem")),
                    text(sharing.path("rekeyedAt")), sharing.path("rekeying").asBoolean(false),
                    sharing.path("escrow").asText("none")));
        } catch (IOException e) {
            return NexusObservation.unreachable("Nexus /status is not JSON");
        }
    }
}
