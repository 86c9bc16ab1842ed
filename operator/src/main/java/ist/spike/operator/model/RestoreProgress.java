package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Shards Nexus has collected through {@code spike restore} and how many it still needs. */
public class RestoreProgress {
    @JsonPropertyDescription("Shards collected so far.")
    private int collected;

    @JsonPropertyDescription("Shards still needed to rebuild the root key.")
    private int remaining;

    public RestoreProgress() {
    }

    public RestoreProgress(int collected, int remaining) {
        this.collected = collected;
        this.remaining = remaining;
    }

    public int getCollected() {
        return collected;
    }

    public void setCollected(int collected) {
        this.collected = collected;
    }

    public int getRemaining() {
        return remaining;
    }

    public void setRemaining(int remaining) {
        this.remaining = remaining;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RestoreProgress r && collected == r.collected && remaining == r.remaining;
    }

    @Override
    public int hashCode() {
        return 31 * collected + remaining;
    }
}
