package ist.spike.nexus.secret;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A versioned secret with KV-v2 semantics, as upstream SPIKE has them: versions count from 1, a
 * put adds the next version and prunes those {@code maxVersions} or more behind it, version 0
 * means the current one, deletes are soft and the current version number never moves back.
 *
 * <p>Immutable: every operation returns the new secret together with the rows that changed, so a
 * store writes only those.
 */
public record Secret(String path, SecretMetadata metadata, NavigableMap<Integer, SecretVersion> versions) {
    public Secret {
        versions = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
    }

    /**
     * What an operation changed: the new secret, the version it added (if any), the versions whose
     * deleted time changed, and the versions pruned away.
     */
    public record Change(Secret secret, Optional<SecretVersion> added, List<SecretVersion> marked, Set<Integer> removed) {
        public Change {
            marked = List.copyOf(marked);
            removed = Set.copyOf(removed);
        }

        public boolean isEmpty() {
            return added.isEmpty() && marked.isEmpty() && removed.isEmpty();
        }
    }

    /** The first version of a new secret. */
    public static Change create(String path, Map<String, String> values, Instant now, int maxVersions) {
        SecretVersion first = new SecretVersion(1, SecretData.of(values), now, null);
        Secret secret = new Secret(path, new SecretMetadata(1, 1, now, now, maxVersions), new TreeMap<>(Map.of(1, first)));
        return new Change(secret, Optional.of(first), List.of(), Set.of());
    }

    /** Adds the next version and prunes the versions that fall out of the window. */
    public Change put(Map<String, String> values, Instant now, int maxVersions) {
        int next = metadata.currentVersion() + 1;
        SecretVersion added = new SecretVersion(next, SecretData.of(values), now, null);
        TreeMap<Integer, SecretVersion> kept = new TreeMap<>(versions);
        kept.put(next, added);
        Set<Integer> removed = new HashSet<>(kept.headMap(next - maxVersions + 1).keySet());
        removed.forEach(kept::remove);
        int oldest = kept.firstKey();
        SecretMetadata meta = new SecretMetadata(next, oldest, metadata.createdTime(), now, maxVersions);
        return new Change(new Secret(path, meta, kept), Optional.of(added), List.of(), removed);
    }

    /** The live data of {@code version} (0 = current); empty when missing or deleted. */
    public Optional<SecretVersion> live(int version) {
        SecretVersion v = versions.get(version == 0 ? metadata.currentVersion() : version);
        return v == null || v.isDeleted() ? Optional.empty() : Optional.of(v);
    }

    /** Soft-deletes {@code requested} (empty = current; 0 = current); missing or deleted ones are skipped. */
    public Change delete(Collection<Integer> requested, Instant now) {
        return mark(requested, v -> v.isDeleted() ? null : v.deletedAt(now));
    }

    /** Undoes soft deletes of {@code requested} (empty = current; 0 = current); missing ones are skipped. */
    public Change undelete(Collection<Integer> requested) {
        return mark(requested, v -> v.isDeleted() ? v.undeleted() : null);
    }

    private Change mark(Collection<Integer> requested, java.util.function.UnaryOperator<SecretVersion> change) {
        Set<Integer> targets = new HashSet<>();
        if (requested.isEmpty()) {
            targets.add(metadata.currentVersion());
        }
        for (int v : requested) {
            targets.add(v == 0 ? metadata.currentVersion() : v);
        }
        TreeMap<Integer, SecretVersion> updated = new TreeMap<>(versions);
        List<SecretVersion> written = new java.util.ArrayList<>();
        for (int v : targets) {
            SecretVersion existing = updated.get(v);
            SecretVersion changed = existing == null ? null : change.apply(existing);
            if (changed != null) {
                updated.put(v, changed);
                written.add(changed);
            }
        }
        return new Change(new Secret(path, metadata, updated), Optional.empty(), written, Set.of());
    }

    @Override
    public String toString() {
        return "Secret[" + path + ", versions=" + versions.keySet() + "]";
    }
}
