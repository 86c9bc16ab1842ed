package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The Keeper StatefulSet: {@code replicas} is the number of Shamir shares, {@code threshold} how many rebuild the key. */
public class KeeperSpec {
    public static final String DEFAULT_IMAGE = "ghcr.io/spike-java/spike-keeper:0.1.0";

    @JsonPropertyDescription("Number of Keepers, which is the number of Shamir shares of the root key.")
    @Default("3")
    @Min(1)
    private int replicas = 3;

    @JsonPropertyDescription("Shares needed to rebuild the root key; at most replicas.")
    @Default("2")
    @Min(1)
    private int threshold = 2;

    @JsonPropertyDescription("Keeper container image.")
    @Default(DEFAULT_IMAGE)
    private String image = DEFAULT_IMAGE;

    @JsonPropertyDescription("Keeper container resources.")
    private ResourceRequirements resources;

    public int getReplicas() {
        return replicas;
    }

    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    public int getThreshold() {
        return threshold;
    }

    public void setThreshold(int threshold) {
        this.threshold = threshold;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }
}
