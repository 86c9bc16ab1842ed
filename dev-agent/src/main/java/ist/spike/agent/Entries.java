package ist.spike.agent;

import io.spiffe.spiffeid.SpiffeId;
import io.spiffe.spiffeid.TrustDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The agent's registrations, all in one trust domain, names and sockets unique. */
public record Entries(String trustDomain, List<Entry> entries) {
    public Entries {
        try {
            TrustDomain.parse(trustDomain);
        } catch (RuntimeException e) {
            throw new AgentException("trustDomain '" + trustDomain + "' is not a trust domain name");
        }
        if (entries == null) {
            throw new AgentException("the entries list is missing");
        }
        entries = List.copyOf(entries);
        Set<String> names = new HashSet<>();
        Set<String> sockets = new HashSet<>();
        for (Entry e : entries) {
            if (e == null) {
                throw new AgentException("an entry is null");
            }
            if (!names.add(e.name())) {
                throw new AgentException("two entries are named '" + e.name() + "'");
            }
            if (!sockets.add(e.socket())) {
                throw new AgentException("two entries use the socket " + e.socket() + "; one identity per socket");
            }
            SpiffeId id = e.id();
            if (!id.getTrustDomain().getName().equals(trustDomain)) {
                throw new AgentException("entry '" + e.name() + "' has " + id + ", outside the trust domain "
                        + trustDomain + " of this agent's CA");
            }
        }
    }

    public Optional<Entry> named(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** A copy with {@code name}'s SPIFFE ID replaced. */
    public Entries withSpiffeId(String name, String spiffeId) {
        Entry old = named(name).orElseThrow(() -> new AgentException("there is no entry named '" + name
                + "'; known entries: " + entries.stream().map(Entry::name).toList()));
        List<Entry> updated = new ArrayList<>(entries);
        updated.set(entries.indexOf(old), old.withSpiffeId(spiffeId));
        return new Entries(trustDomain, updated);
    }
}
