package ist.spike.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import ist.spike.operator.api.ApiRequest;
import ist.spike.operator.api.OperatorRequestLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The CRUD mock server, plus the one non-CRUD call leader election needs: JOSDK asks the API server
 * (a SelfSubjectRulesReview) whether it may use Leases before it campaigns. This answers yes.
 *
 * <p>Server-side apply, which the mock refuses (415), is emulated as "create when absent, else JSON
 * merge patch (RFC 7386)": no field ownership and no removal of fields an apply leaves out, but every
 * field an apply sends lands on the object, so an operator that sends what it does not own is seen.
 *
 * <p>It also records every request an operator sends (those with {@link #OPERATOR_AGENT} as their
 * User-Agent, the tests' own requests aside), here and in {@link OperatorRequestLog}, so tests can
 * assert what the operator sent, not only what the mock made of it.
 */
final class ReviewingCrudDispatcher extends KubernetesCrudDispatcher {
    static final String OPERATOR_AGENT = "spike-operator-under-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ApiRequest> operatorRequests = new CopyOnWriteArrayList<>();
    private volatile OperatorRequestLog.Mode mode;
    private volatile Predicate<ApiRequest> refused = r -> false;

    ReviewingCrudDispatcher() {
        super(List.of());
    }

    /** The settings of the operator whose requests are recorded from now on. */
    void operatorMode(OperatorRequestLog.Mode mode) {
        this.mode = mode;
    }

    /**
     * From now on, answers the operator's requests that match with 422 Invalid, as an API server
     * refuses an object (an admission webhook, a quota, a validation); {@code r -> false} lifts it.
     */
    void refuse(Predicate<ApiRequest> which) {
        refused = which;
    }

    /** What the operator sent so far, oldest first. */
    List<ApiRequest> operatorRequests() {
        return List.copyOf(operatorRequests);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
            // getBytes(), not getUtf8Body(): reading would drain the body the CRUD dispatcher still needs.
            ApiRequest seen = ApiRequest.of(request.getMethod(), request.getPath(), request.getHeader("Content-Type"),
                    request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
            operatorRequests.add(seen);
            if (mode != null) {
                OperatorRequestLog.record(mode, seen);
            }
            if (refused.test(seen)) {
                return new MockResponse().setResponseCode(422).setBody("""
                        {"apiVersion":"v1","kind":"Status","status":"Failure","reason":"Invalid","code":422,
                         "message":"refused by the test"}""");
            }
        }
        if ("POST".equals(request.getMethod()) && request.getPath().contains("/selfsubjectrulesreviews")) {
            return new MockResponse().setResponseCode(201).setBody("""
                    {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{},
                     "status":{"incomplete":false,"nonResourceRules":[],"resourceRules":[
                       {"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["create","update","get"]}]}}""");
        }
        if ("PATCH".equals(request.getMethod()) && String.valueOf(request.getHeader("Content-Type"))
                .startsWith("application/apply-patch")) {
            return apply(request);
        }
        return super.dispatch(request);
    }

    private MockResponse apply(RecordedRequest request) {
        String path = request.getPath().split("\\?")[0];
        Headers headers = request.getHeaders().newBuilder().set("Content-Type", "application/json").build();
        MockResponse current = super.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, path,
                headers, new Buffer()));
        byte[] body = request.getBody().getBytes();
        if (current.code() == 404 && !path.endsWith("/status")) {
            String collection = path.substring(0, path.lastIndexOf('/'));
            return super.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection, headers,
                    new Buffer(body)));
        }
        if (current.code() != 200) {
            return current;
        }
        // The mock's own merge patch concatenates lists; this is RFC 7386's, then a replace.
        try {
            ObjectNode merged = (ObjectNode) merge(JSON.readTree(current.getBody().getBytes()), JSON.readTree(body));
            ((ObjectNode) merged.get("metadata")).remove("resourceVersion");
            return super.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, path, headers,
                    new Buffer(JSON.writeValueAsBytes(merged))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON merge patch (RFC 7386). */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                out.remove(field.getKey());
            } else {
                out.set(field.getKey(), merge(out.get(field.getKey()), field.getValue()));
            }
        });
        return out;
    }
}
