package ist.spike.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/** A test's read-change-write, as a user's {@code kubectl edit}: the operator may write in between (409); try again. */
final class Conflicts {
    private Conflicts() {
    }

    static void retry(Runnable readChangeWrite) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try {
                readChangeWrite.run();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                return false;
            }
        });
    }
}
