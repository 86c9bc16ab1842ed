package ist.spike.core.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** Wire records of {@code /v1/acl/policy}. */
public final class PolicyMessages {
    private PolicyMessages() {
    }

    /** Upsert: {@code {"name","spiffeidPattern","pathPattern","permissions":[…]}}. */
    public record PutRequest(String name, String spiffeidPattern, String pathPattern, List<String> permissions) {
        public PutRequest {
            permissions = permissions == null ? null : List.copyOf(permissions);
        }
    }

    /** Get and delete: {@code {"id":"<name>"}}. */
    public record IdRequest(String id) {
    }

    /**
     * A policy as answered by get. The SPIFFE-ID pattern's field really is spelled
     * {@code spiffiedPattern} on upstream's wire.
     */
    public record Policy(String id, String name, @JsonProperty("spiffiedPattern") String spiffeIdPattern,
                         String pathPattern, List<String> permissions, Instant createdAt, Instant updatedAt) {
        public Policy {
            permissions = permissions == null ? null : List.copyOf(permissions);
        }
    }

    /** List filter: {@code {"spiffeidPattern"?,"pathPattern"?}}. */
    public record ListRequest(String spiffeidPattern, String pathPattern) {
    }

    /** List answer: {@code {"policies":[{"id","name"}]}}. */
    public record ListResponse(List<Summary> policies) {
        public ListResponse {
            policies = policies == null ? null : List.copyOf(policies);
        }
    }

    public record Summary(String id, String name) {
    }
}
