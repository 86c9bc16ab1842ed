package ist.spike.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import ist.spike.operator.model.SpikeCluster;
import ist.spike.operator.status.Transitions.Transition;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events about a SpikeCluster, so {@code kubectl describe spk} shows its history. */
public final class KubernetesEventRecorder implements EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
    private static final String COMPONENT = "spike-operator";

    private final KubernetesClient client;
    private final Clock clock;

    public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void record(SpikeCluster cluster, Transition transition) {
        String now = clock.instant().toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(cluster.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                .withNamespace(cluster.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(cluster.getApiVersion()).withKind(cluster.getKind())
                .withName(cluster.getMetadata().getName()).withNamespace(cluster.getMetadata().getNamespace())
                .withUid(cluster.getMetadata().getUid())
                .endInvolvedObject()
                .withType(transition.warning() ? "Warning" : "Normal")
                .withReason(transition.reason())
                .withMessage(transition.message())
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(cluster.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("Could not record event {} for SpikeCluster {}/{}: HTTP {}", transition.reason(),
                    cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), e.getCode());
        }
    }
}
