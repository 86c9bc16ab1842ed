package ist.spike.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The Nexus StatefulSet (always one replica). */
public class NexusSpec {
    public static final String DEFAULT_IMAGE = "ghcr.io/spike-java/spike-nexus:0.1.0";

    @JsonPropertyDescription("Secret store backend: sqlite keeps encrypted secrets on the volume, memory loses them on restart.")
    @Default("sqlite")
    private Backend backend = Backend.sqlite;

    @JsonPropertyDescription("The volume that holds the SQLite database.")
    @Default("{}")
    private StorageSpec storage = new StorageSpec();

    @JsonPropertyDescription("Nexus container image.")
    @Default(DEFAULT_IMAGE)
    private String image = DEFAULT_IMAGE;

    @JsonPropertyDescription("Nexus container resources.")
    private ResourceRequirements resources;

    /** Wire names as Nexus reads them from {@code SPIKE_NEXUS_BACKEND_STORE}. */
    public enum Backend {
        sqlite,
        memory
    }

    public Backend getBackend() {
        return backend;
    }

    public void setBackend(Backend backend) {
        this.backend = backend;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
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
