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
 * is current; at most one is pending (a re-share in progress).
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
        return new RootKeyRecord(KeyCheck.of(key), List.of(new SharingGeneration(1, sharing,
                FeldmanCommitments.of(key, sharing.threshold()), SharingGeneration.Status.CURRENT)));
    }

    public SharingGeneration current() {
        return generations.stream().filter(g -> g.status() == SharingGeneration.Status.CURRENT).findFirst().orElseThrow();
    }

    public Optional<SharingGeneration> pending() {
        return generations.stream().filter(g -> g.status() == SharingGeneration.Status.PENDING).findFirst();
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
     * newest first. Shares of generations with the same T coincide, so a share may belong to several.
     */
    public List<SharingGeneration> generationsOf(Share share) {
        return generations.stream().filter(g -> g.holds(share))
                .sorted(Comparator.comparingInt(RootKeyRecord::preference)
                        .thenComparing(Comparator.comparingInt(SharingGeneration::number).reversed()))
                .toList();
    }

    private static int preference(SharingGeneration g) {
        return switch (g.status()) {
            case CURRENT -> 0;
            case PENDING -> 1;
            case RETIRED -> 2;
        };
    }

    /** Throws, naming why, when {@code share} belongs to no generation of this key. */
    public void check(Share share) {
        if (generationsOf(share).isEmpty()) {
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
        return KeyCheck.matches(key, keyCheck) && current().commitments().commitsTo(key);
    }

    @Override
    public byte[] keyCheck() {
        return keyCheck.clone();
    }
}
