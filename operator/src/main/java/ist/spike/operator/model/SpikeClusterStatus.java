package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator last observed. Written only by {@code StatusAggregator}. */
public class SpikeClusterStatus {
    @JsonPropertyDescription("The metadata.generation this status was computed for.")
    private Long observedGeneration;

    @JsonPropertyDescription("Nexus state (INITIALIZING, RECOVERING, RESTORE_REQUIRED, READY) or Pending.")
    @PrinterColumn(name = "State")
    private String state;

    @JsonPropertyDescription("Keeper counts.")
    private KeeperCounts keepers;

    @JsonPropertyDescription("Restore progress while Nexus waits for shards.")
    private RestoreProgress restore;

    @JsonPropertyDescription("How Nexus last said it shares the root key (kept while Nexus cannot be read).")
    private RootKeySharing rootKeySharing;

    @JsonPropertyDescription("The cluster's Pilot: the role in force and until when. Absent while spec.pilot.enabled is false.")
    private PilotStatus pilot;

    @JsonPropertyDescription("Ready, NexusAvailable, KeepersAvailable, RootKeyAvailable, ShardsDistributed, RecoveryRequired, RecoveryFilesCurrent.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public KeeperCounts getKeepers() {
        return keepers;
    }

    public void setKeepers(KeeperCounts keepers) {
        this.keepers = keepers;
    }

    public RestoreProgress getRestore() {
        return restore;
    }

    public void setRestore(RestoreProgress restore) {
        this.restore = restore;
    }

    public RootKeySharing getRootKeySharing() {
        return rootKeySharing;
    }

    public void setRootKeySharing(RootKeySharing rootKeySharing) {
        this.rootKeySharing = rootKeySharing;
    }

    public PilotStatus getPilot() {
        return pilot;
    }

    public void setPilot(PilotStatus pilot) {
        this.pilot = pilot;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpikeClusterStatus s && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(state, s.state) && Objects.equals(keepers, s.keepers)
                && Objects.equals(restore, s.restore) && Objects.equals(pilot, s.pilot)
                && Objects.equals(rootKeySharing, s.rootKeySharing)
                && Objects.equals(conditions, s.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, state, keepers, restore, pilot, rootKeySharing, conditions);
    }
}
