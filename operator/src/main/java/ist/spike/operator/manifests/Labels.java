package ist.spike.operator.manifests;

import ist.spike.operator.model.SpikeCluster;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/** The labels the operator puts on every child, and the selectors that find a component's pods. */
public final class Labels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "spike-operator";

    /** The components a SpikeCluster runs. */
    public enum Component {
        NEXUS("nexus"),
        KEEPER("keeper"),
        PILOT("pilot");

        private final String value;

        Component(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    private Labels() {
    }

    /** Stable labels that select a component's pods; never changed after creation. */
    public static Map<String, String> selector(SpikeCluster cluster, Component component) {
        return Map.of(NAME, "spike", INSTANCE, cluster.getMetadata().getName(), COMPONENT, component.value());
    }

    /** Selector labels plus who manages the object. */
    public static Map<String, String> of(SpikeCluster cluster, Component component) {
        return Map.of(NAME, "spike", INSTANCE, cluster.getMetadata().getName(), COMPONENT, component.value(),
                MANAGED_BY, OPERATOR);
    }

    /** Name, namespace and labels of a component's child object. */
    public static ObjectMeta metadata(SpikeCluster cluster, Component component, String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(of(cluster, component)).build();
    }
}
