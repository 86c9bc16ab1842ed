package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import java.util.Objects;

/** How many Keepers run, are ready and hold their shard. */
public class KeeperCounts {
    @JsonPropertyDescription("Keeper pods that are ready.")
    private int ready;

    @JsonPropertyDescription("Keepers the spec asks for.")
    private int total;

    @JsonPropertyDescription("Keepers that Nexus reports as holding their shard.")
    private int holdingShard;

    @JsonPropertyDescription("ready/total, for kubectl get.")
    @PrinterColumn(name = "Keepers")
    private String summary;

    public KeeperCounts() {
    }

    public KeeperCounts(int ready, int total, int holdingShard) {
        this.ready = ready;
        this.total = total;
        this.holdingShard = holdingShard;
        this.summary = ready + "/" + total;
    }

    public int getReady() {
        return ready;
    }

    public void setReady(int ready) {
        this.ready = ready;
    }

    public int getTotal() {
        return total;
    }

    public void setTotal(int total) {
        this.total = total;
    }

    public int getHoldingShard() {
        return holdingShard;
    }

    public void setHoldingShard(int holdingShard) {
        this.holdingShard = holdingShard;
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeeperCounts k && ready == k.ready && total == k.total
                && holdingShard == k.holdingShard && Objects.equals(summary, k.summary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ready, total, holdingShard, summary);
    }
}
