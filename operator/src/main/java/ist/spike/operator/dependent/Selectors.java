package ist.spike.operator.dependent;

/** Label selectors that keep each dependent's informer to the objects of one component the operator manages. */
final class Selectors {
    static final String KEEPERS = "app.kubernetes.io/managed-by=spike-operator,app.kubernetes.io/component=keeper";
    static final String NEXUS = "app.kubernetes.io/managed-by=spike-operator,app.kubernetes.io/component=nexus";
    static final String PILOT = "app.kubernetes.io/managed-by=spike-operator,app.kubernetes.io/component=pilot";

    private Selectors() {
    }
}
