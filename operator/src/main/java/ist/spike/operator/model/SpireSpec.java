package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Whether the operator registers SPIKE's workloads with the SPIRE controller manager. */
public class SpireSpec {
    @JsonPropertyDescription("Create ClusterSPIFFEIDs for Nexus and Keepers when the SPIRE controller manager's CRD exists.")
    @Default("false")
    private boolean registerIdentities;

    public boolean isRegisterIdentities() {
        return registerIdentities;
    }

    public void setRegisterIdentities(boolean registerIdentities) {
        this.registerIdentities = registerIdentities;
    }
}
