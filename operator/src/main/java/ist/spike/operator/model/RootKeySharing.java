package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * How Nexus last said it shares the root key. Kept in the status so that a change of {@code keepers}
 * is checked against it even while Nexus cannot be read (it restarts on such a change, and after an
 * operator restart nothing has been read yet).
 */
public class RootKeySharing {
    @JsonPropertyDescription("Shamir shares of the root key in force.")
    private int shares;

    @JsonPropertyDescription("Shares needed to rebuild the key, in force.")
    private int threshold;

    @JsonPropertyDescription("The sharing generation in force.")
    private int generation;

    @JsonPropertyDescription("Shares of a re-share in progress; 0 when none.")
    private int pendingShares;

    @JsonPropertyDescription("Threshold of a re-share in progress; 0 when none.")
    private int pendingThreshold;

    public RootKeySharing() {
    }

    public RootKeySharing(int shares, int threshold, int generation, int pendingShares, int pendingThreshold) {
        this.shares = shares;
        this.threshold = threshold;
        this.generation = generation;
        this.pendingShares = pendingShares;
        this.pendingThreshold = pendingThreshold;
    }

    public int getShares() {
        return shares;
    }

    public void setShares(int shares) {
        this.shares = shares;
    }

    public int getThreshold() {
        return threshold;
    }

    public void setThreshold(int threshold) {
        this.threshold = threshold;
    }

    public int getGeneration() {
        return generation;
    }

    public void setGeneration(int generation) {
        this.generation = generation;
    }

    public int getPendingShares() {
        return pendingShares;
    }

    public void setPendingShares(int pendingShares) {
        this.pendingShares = pendingShares;
    }

    public int getPendingThreshold() {
        return pendingThreshold;
    }

    public void setPendingThreshold(int pendingThreshold) {
        this.pendingThreshold = pendingThreshold;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RootKeySharing r && shares == r.shares && threshold == r.threshold
                && generation == r.generation && pendingShares == r.pendingShares
                && pendingThreshold == r.pendingThreshold;
    }

    @Override
    public int hashCode() {
        return Objects.hash(shares, threshold, generation, pendingShares, pendingThreshold);
    }
}
