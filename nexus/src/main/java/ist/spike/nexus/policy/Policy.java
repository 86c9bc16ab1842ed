package ist.spike.nexus.policy;

import java.time.Instant;
import java.util.Set;

/**
 * A policy: callers whose SPIFFE ID matches {@code spiffeIdPattern} get {@code permissions} on
 * secret paths matching {@code pathPattern}. Patterns are RE2 syntax, searched (not anchored)
 * like upstream's Go {@code regexp.MatchString}. The ID of a policy is its name.
 */
public record Policy(String name, String spiffeIdPattern, String pathPattern, Set<Permission> permissions,
                     Instant createdAt, Instant updatedAt) {
    public Policy {
        permissions = Set.copyOf(permissions);
    }

    public String id() {
        return name;
    }

    Policy updated(Policy newer) {
        return new Policy(name, newer.spiffeIdPattern, newer.pathPattern, newer.permissions, createdAt, newer.updatedAt);
    }
}
