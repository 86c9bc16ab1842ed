package ist.spike.core.api;

import ist.spike.core.crypto.SecretBytes;
import java.util.Map;

/** Wire records of {@code /v1/operator/recover} and {@code /v1/operator/restore}. */
public final class OperatorMessages {
    private OperatorMessages() {
    }

    /** Recover answer: {@code {"shards":{"1":[32 ints],…}}}. */
    public record RecoverResponse(Map<String, SecretBytes> shards) {
        public RecoverResponse {
            shards = shards == null ? null : Map.copyOf(shards);
        }

        @Override
        public String toString() {
            return "RecoverResponse[" + (shards == null ? 0 : shards.size()) + " shards redacted]";
        }
    }

    /** Restore: {@code {"id":int,"shard":[32 ints]}}. */
    public record RestoreRequest(int id, SecretBytes shard) {
        @Override
        public String toString() {
            return "RestoreRequest[id=" + id + ", shard redacted]";
        }
    }

    /** Restore answer: {@code {"collected","remaining","restored"}}. */
    public record RestoreResponse(int collected, int remaining, boolean restored) {
    }
}
