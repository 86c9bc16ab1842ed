package ist.spike.nexus.recovery;

import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.InvalidShareException;
import ist.spike.core.shamir.FeldmanCommitments;
import ist.spike.core.shamir.ShamirParameters;
import ist.spike.core.shamir.Share;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the database keeps about the root key: a key check, and its sharing generations with their
 * Feldman commitments (public values that let one shard be verified alone). Exactly one generation
 * is current; at most one is pending: a re-share of the same key, or a rekey (a generation of a new
 * key, which becomes the root key when that generation becomes current). Generations of keys a
 * rekey replaced are revoked: kept only to say why their files no longer restore.
 */
public record RootKeyRecord(byte[] keyCheck, List<SharingGeneration> generations) {
    public RootKeyRecord {
        keyCheck = keyCheck.clone();
        generations = generations.stream().sorted(Comparator.comparingInt(SharingGeneration::number).reversed()).toList();
        if (generations.stream().filter(g -> g.status() == SharingGeneration.Status.CURRENT).count() != 1) {
            throw new IllegalStateException("the root key record must have exactly one current sharing generation");
        }
    }

    /** A new key's record: generation 1, current. */
    public static RootKeyRecord of(SecretBytes key, ShamirParameters sharing) {
        byte[] check = KeyCheck.of(key);
        return new RootKeyRecord(check, List.of(new SharingGeneration(1, sharing,
                FeldmanCommitments.of(key, sharing.threshold()), check, SharingGeneration.Status.CURRENT)));
    }

    public SharingGeneration current() {
        return generations.stream().filter(g -> g.status() == SharingGeneration.Status.CURRENT).findFirst().orElseThrow();
    }

    /** A re-share in progress: a pending generation of the same key. */
    public Optional<SharingGeneration> pending() {
        return generations.stream().filter(g -> g.status() == SharingGeneration.Status.PENDING && g.sharesKey(keyCheck))
                .findFirst();
    }

    /** A rekey in progress: a pending generation of a new key. */
    public Optional<SharingGeneration> rekeyPending() {
        return generations.stream().filter(g -> g.status() == SharingGeneration.Status.PENDING && !g.sharesKey(keyCheck))
                .findFirst();
    }

    /** When the last rekey replaced the key; empty when this key is the first. */
    public Optional<java.time.Instant> rekeyedAt() {
        return generations.stream().map(SharingGeneration::revokedAt).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder());
    }

    /** The current generation's N and T. */
    public ShamirParameters sharing() {
        return current().sharing();
    }

    /** The highest generation number known. */
    public int latest() {
        return generations.get(0).number();
    }

    /**
     * The generations {@code share} belongs to: the current one first, then pending, then older ones,
     * newest first; never a revoked one. Shares of generations with the same T coincide, so a share
     * may belong to several.
     */
    public List<SharingGeneration> generationsOf(Share share) {
        return generations.stream().filter(g -> g.status() != SharingGeneration.Status.REVOKED && g.holds(share))
                .sorted(Comparator.comparingInt(RootKeyRecord::preference)
                        .thenComparing(Comparator.comparingInt(SharingGeneration::number).reversed()))
                .toList();
    }

    private static int preference(SharingGeneration g) {
        return switch (g.status()) {
            case CURRENT -> 0;
            case PENDING -> 1;
            case RETIRED -> 2;
            case REVOKED -> 3;
        };
    }

    /** Throws, naming why, when {@code share} belongs to no generation of this key. */
    public void check(Share share) {
        if (generationsOf(share).isEmpty()) {
            Optional<SharingGeneration> revoked = generations.stream()
                    .filter(g -> g.status() == SharingGeneration.Status.REVOKED && g.holds(share)).findFirst();
            if (revoked.isPresent()) {
                throw new InvalidShareException("share " + share.id() + " is of sharing generation "
                        + revoked.get().number() + ", from before the rekey of "
                        + revoked.get().revokedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + ": that root key was replaced and its recovery files no longer restore; use files taken"
                        + " after the rekey");
            }
            int maxShares = generations.stream().mapToInt(g -> g.sharing().shares()).max().orElse(0);
            if (share.id() < 1 || share.id() > maxShares) {
                throw new InvalidShareException("share id " + share.id() + " is out of range: this SPIKE has shares 1.."
                        + maxShares);
            }
            throw new InvalidShareException("share " + share.id()
                    + " does not match this SPIKE's commitments: it is corrupted or belongs to another SPIKE");
        }
    }

    /** True when {@code key} is the key this record describes. */
    public boolean recognises(SecretBytes key) {
        return current().recognises(key);
    }

    @Override
    public byte[] keyCheck() {
        return keyCheck.clone();
    }
}
