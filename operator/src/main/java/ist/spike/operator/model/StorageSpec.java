package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The PersistentVolumeClaim of the Nexus database. */
public class StorageSpec {
    @JsonPropertyDescription("Size of the Nexus database volume, as a Kubernetes quantity.")
    @Default("1Gi")
    private String size = "1Gi";

    @JsonPropertyDescription("StorageClass of the volume; the cluster default when empty.")
    private String storageClassName;

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getStorageClassName() {
        return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
        this.storageClassName = storageClassName;
    }
}
