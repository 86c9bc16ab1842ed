package ist.spike.core.spiffe;

import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.spiffeid.TrustDomain;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which trust domains each {@link SpiffeRole} may come from. Read once from the environment in
 * {@code main}; immutable afterwards.
 */
public final class TrustRoots {
    public static final String DEFAULT_TRUST_DOMAIN = "spike.ist";

    private final Map<SpiffeRole, Set<String>> domains;
    /** Roles restricted to exact IDs (see {@link #onlyIds}); a role absent here accepts its whole subtree. */
    private final Map<SpiffeRole, Set<SpiffeId>> exact;

    private TrustRoots(Map<SpiffeRole, Set<String>> domains) {
        this(domains, Map.of());
    }

    private TrustRoots(Map<SpiffeRole, Set<String>> domains, Map<SpiffeRole, Set<SpiffeId>> exact) {
        this.domains = Map.copyOf(domains);
        this.exact = Map.copyOf(exact);
    }

    /** Every role in the single trust domain {@code trustDomain}. */
    public static TrustRoots single(String trustDomain) {
        TrustDomain.parse(trustDomain);
        Map<SpiffeRole, Set<String>> m = new EnumMap<>(SpiffeRole.class);
        for (SpiffeRole role : SpiffeRole.values()) {
            m.put(role, Set.of(trustDomain));
        }
        return new TrustRoots(m);
    }

    /**
     * The roots named by the {@code SPIKE_TRUST_ROOT_*} variables of {@code env}, each a comma list
     * of trust domains; an unset or blank variable means {@value #DEFAULT_TRUST_DOMAIN}.
     *
     * @throws IllegalArgumentException naming the variable when a trust domain is malformed
     */
    public static TrustRoots fromEnvironment(Map<String, String> env) {
        Map<SpiffeRole, Set<String>> m = new EnumMap<>(SpiffeRole.class);
        for (SpiffeRole role : SpiffeRole.values()) {
            String raw = env.getOrDefault(role.trustRootVariable(), "");
            Set<String> parsed = Arrays.stream(raw.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .map(s -> validated(role.trustRootVariable(), s))
                    .collect(Collectors.toUnmodifiableSet());
            m.put(role, parsed.isEmpty() ? Set.of(DEFAULT_TRUST_DOMAIN) : parsed);
        }
        return new TrustRoots(m);
    }

    private static String validated(String variable, String domain) {
        try {
            return TrustDomain.parse(domain).getName();
        } catch (RuntimeException e) {
            // java-spiffe's InvalidSpiffeIdException; rethrown with the variable to fix.
            throw new IllegalArgumentException(variable + " holds '" + domain + "', which is not a trust domain name", e);
        }
    }

    public Set<String> domainsOf(SpiffeRole role) {
        return domains.get(role);
    }

    /**
     * True when {@code id} has {@code role}: a trusted domain and the base path or below it, and one
     * of the role's exact IDs when it is restricted to some ({@link #onlyIds}).
     */
    public boolean hasRole(SpiffeId id, SpiffeRole role) {
        Set<SpiffeId> only = exact.get(role);
        return domains.get(role).contains(id.getTrustDomain().getName()) && role.matchesPath(id.getPath())
                && (only == null || only.contains(id));
    }

    /**
     * These roots with each of {@code roles} restricted to the IDs of {@code allowList} that have it
     * (a role with none of them then matches nothing). An empty {@code allowList} changes nothing.
     * Security: how one SpikeCluster's Nexus refuses the Pilot of another cluster, whose IDs extend
     * the same role bases.
     */
    public TrustRoots onlyIds(Set<SpiffeRole> roles, List<SpiffeId> allowList) {
        if (allowList.isEmpty()) {
            return this;
        }
        Map<SpiffeRole, Set<SpiffeId>> restricted = new EnumMap<>(SpiffeRole.class);
        restricted.putAll(exact);
        for (SpiffeRole role : roles) {
            restricted.put(role, allowList.stream().filter(id -> hasRole(id, role)).collect(Collectors.toUnmodifiableSet()));
        }
        return new TrustRoots(domains, restricted);
    }

    /** A predicate that accepts IDs having any of {@code roles}. */
    public Predicate<SpiffeId> anyOf(SpiffeRole... roles) {
        List<SpiffeRole> accepted = List.of(roles);
        return id -> accepted.stream().anyMatch(r -> hasRole(id, r));
    }

    /**
     * The peers of {@code role} to accept: exactly the IDs of {@code allowList} when it is not empty
     * (each SpikeCluster's own identities, set by the operator), otherwise any ID of the role (a
     * local or upstream-style deployment). Security: an allow-list entry must also have the role.
     */
    public Predicate<SpiffeId> peers(SpiffeRole role, List<SpiffeId> allowList) {
        if (allowList.isEmpty()) {
            return anyOf(role);
        }
        Set<SpiffeId> exact = Set.copyOf(allowList);
        return id -> exact.contains(id) && hasRole(id, role);
    }

    /**
     * A comma-separated list of SPIFFE IDs of {@code role}, as an allow-list variable holds it; blank
     * means none.
     *
     * @throws IllegalArgumentException naming {@code variable} when an entry is not a SPIFFE ID, or
     *     not one of the role in a trusted domain
     */
    public List<SpiffeId> idsOf(String variable, String text, SpiffeRole role) {
        return idsOf(variable, text, Set.of(role));
    }

    /** As {@link #idsOf(String, String, SpiffeRole)}, each entry having one of {@code roles}. */
    public List<SpiffeId> idsOf(String variable, String text, Set<SpiffeRole> roles) {
        List<SpiffeId> out = new java.util.ArrayList<>();
        for (String part : text == null ? new String[0] : text.split(",")) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            SpiffeId id;
            try {
                id = SpiffeId.parse(s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(variable + ": '" + s + "' is not a SPIFFE ID", e);
            }
            if (roles.stream().noneMatch(role -> hasRole(id, role))) {
                String kinds = roles.stream().map(r -> r.name().toLowerCase(Locale.ROOT).replace('_', ' ')).sorted()
                        .collect(Collectors.joining(" or "));
                String where = roles.stream().map(r -> domainsOf(r) + " under " + r.basePath()).sorted()
                        .collect(Collectors.joining(", "));
                throw new IllegalArgumentException(variable + ": " + s + " is not a " + kinds
                        + " ID of a trusted domain (" + where + ")");
            }
            out.add(id);
        }
        return List.copyOf(out);
    }

    /** The most specific role of {@code id}, if it has one. */
    public Optional<SpiffeRole> roleOf(SpiffeId id) {
        return Arrays.stream(SpiffeRole.values()).filter(r -> hasRole(id, r)).findFirst();
    }
}
