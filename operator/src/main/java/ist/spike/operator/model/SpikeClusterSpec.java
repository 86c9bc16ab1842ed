package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** What a SpikeCluster should run. Every field has a default, so an empty spec is a working cluster. */
public class SpikeClusterSpec {
    @JsonPropertyDescription("SPIFFE trust domain of Nexus, Keepers and Pilot.")
    @Default("spike.ist")
    @Pattern("^[a-z0-9._-]+$")
    private String trustDomain = "spike.ist";

    @JsonPropertyDescription("The Keepers: one per Shamir share.")
    @Default("{}")
    private KeeperSpec keepers = new KeeperSpec();

    @JsonPropertyDescription("The Nexus secret store.")
    @Default("{}")
    private NexusSpec nexus = new NexusSpec();

    @JsonPropertyDescription("How pods reach the SPIFFE Workload API socket.")
    @Default("{}")
    private SpiffeSpec spiffe = new SpiffeSpec();

    @JsonPropertyDescription("The cluster's own Pilot (the spike command), for kubectl exec.")
    @Default("{}")
    private PilotSpec pilot = new PilotSpec();

    @JsonPropertyDescription("Registration of SPIKE's SPIFFE IDs with the SPIRE controller manager.")
    @Default("{}")
    private SpireSpec spire = new SpireSpec();

    public String getTrustDomain() {
        return trustDomain;
    }

    public void setTrustDomain(String trustDomain) {
        this.trustDomain = trustDomain;
    }

    public KeeperSpec getKeepers() {
        return keepers;
    }

    public void setKeepers(KeeperSpec keepers) {
        this.keepers = keepers;
    }

    public NexusSpec getNexus() {
        return nexus;
    }

    public void setNexus(NexusSpec nexus) {
        this.nexus = nexus;
    }

    public SpiffeSpec getSpiffe() {
        return spiffe;
    }

    public void setSpiffe(SpiffeSpec spiffe) {
        this.spiffe = spiffe;
    }

    public PilotSpec getPilot() {
        return pilot;
    }

    public void setPilot(PilotSpec pilot) {
        this.pilot = pilot;
    }

    public SpireSpec getSpire() {
        return spire;
    }

    public void setSpire(SpireSpec spire) {
        this.spire = spire;
    }
}
