package ist.spike.core.shamir;

import ist.spike.core.error.InvalidShareException;

/**
 * How a root key is shared: {@code shares} (N, one per Keeper) and {@code threshold} (T, how many
 * rebuild it). Share IDs run from 1 to N.
 */
public record ShamirParameters(int shares, int threshold) {
    /** Upper bound on N: share IDs are small x-coordinates and every Keeper is a process. */
    public static final int MAX_SHARES = 255;

    public ShamirParameters {
        if (shares < 1 || shares > MAX_SHARES) {
            throw new IllegalArgumentException(
                    "the number of shares must be between 1 and " + MAX_SHARES + ", got " + shares);
        }
        if (threshold < 1 || threshold > shares) {
            throw new IllegalArgumentException("the threshold must be between 1 and the number of shares ("
                    + shares + "), got " + threshold);
        }
    }

    /** Rejects a share ID outside 1..N. */
    public void checkShareId(int id) {
        if (id < 1 || id > shares) {
            throw new InvalidShareException("share id " + id + " is out of range: this SPIKE has shares 1.." + shares);
        }
    }
}
