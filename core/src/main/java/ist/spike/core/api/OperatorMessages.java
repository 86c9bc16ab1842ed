package ist.spike.core.api;

import ist.spike.core.crypto.SecretBytes;
import java.util.Map;

/** Wire records of {@code /v1/operator/recover}, {@code /restore} and {@code /commitments}. */
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

    /** Rotate: {@code {"rewrap":bool}}. */
    public record RotateRequest(boolean rewrap) {
    }

    /** Rotate answer: {@code {"term":int}}, the new key term. */
    public record RotateResponse(int term) {
    }

    /**
     * Rekey answer: the new key's sharing generation, whether it is in force already ({@code done}),
     * and how many Keepers hold its shards of the {@code threshold} needed.
     */
    public record RekeyResponse(int generation, boolean done, int holders, int threshold) {
    }

    /**
     * Passphrase escrow (DESIGN §3a): {@code {"passphrase":b64}}, the passphrase's UTF-8 bytes.
     * Security: the holder zeroes the array after use; {@code toString} never shows it.
     */
    public record EscrowRequest(byte[] passphrase) {
        @Override
        public String toString() {
            return "EscrowRequest[passphrase redacted]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EscrowRequest other && java.util.Arrays.equals(passphrase, other.passphrase);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(passphrase);
        }
    }

    /** Escrow answer: {@code {"escrow":"current|none"}}, the escrow's state afterwards. */
    public record EscrowResponse(String escrow) {
    }

    /** Commitments answer: every sharing generation of the root key, newest first. Public values only. */
    public record CommitmentsResponse(java.util.List<Generation> generations) {
        public CommitmentsResponse {
            generations = generations == null ? java.util.List.of() : java.util.List.copyOf(generations);
        }
    }

    /**
     * One sharing generation: its N and T and the Feldman commitments of its polynomial (compressed
     * P-256 points, base64), with which a shard can be checked without Nexus ever seeing it.
     *
     * @param status {@code current}, {@code pending}, {@code retired} (an earlier sharing of the same
     *     key) or {@code revoked} (of a key replaced by a rekey)
     * @param revokedAt when the rekey that revoked it ran (RFC 3339); null unless revoked
     */
    public record Generation(int generation, String status, int shares, int threshold, java.util.List<String> commitments,
                             String revokedAt) {
        public Generation {
            commitments = commitments == null ? java.util.List.of() : java.util.List.copyOf(commitments);
        }

        /** A generation of the key in use. */
        public Generation(int generation, String status, int shares, int threshold, java.util.List<String> commitments) {
            this(generation, status, shares, threshold, commitments, null);
        }
    }
}
