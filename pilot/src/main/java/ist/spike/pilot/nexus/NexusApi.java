package ist.spike.pilot.nexus;

import ist.spike.core.api.CipherMessages.Ciphertext;
import ist.spike.core.api.CipherMessages.Plaintext;
import ist.spike.core.api.OperatorMessages.RecoverResponse;
import ist.spike.core.api.OperatorMessages.RestoreRequest;
import ist.spike.core.api.OperatorMessages.RestoreResponse;
import ist.spike.core.api.PolicyMessages;
import ist.spike.core.api.SecretMessages;
import ist.spike.core.api.StatusMessages.NexusStatus;

/**
 * The Nexus API as Pilot uses it: one method per call of the API (DESIGN section 4), taking and
 * returning its wire records.
 *
 * <p>Every method throws {@link ist.spike.core.error.SpikeException} with the code Nexus answered,
 * or {@link ist.spike.core.error.ConnectionException} when Nexus could not be reached.
 */
public interface NexusApi {
    /** {@code /v1/store/secrets}: a new version of the secret at the request's path. */
    void putSecret(SecretMessages.PutRequest request);

    /** {@code /v1/store/secrets?action=get}: one version's values; version 0 or null is the current one. */
    SecretMessages.GetResponse getSecret(SecretMessages.GetRequest request);

    /** {@code /v1/store/secrets?action=delete}: soft-deletes versions (none listed = the current one). */
    void deleteSecret(SecretMessages.VersionsRequest request);

    /** {@code /v1/store/secrets?action=undelete}: brings soft-deleted versions back. */
    void undeleteSecret(SecretMessages.VersionsRequest request);

    /** {@code /v1/store/secrets?action=list}: every secret path, sorted. */
    SecretMessages.ListResponse listSecrets();

    /** {@code /v1/store/secrets/metadata?action=get}: versions and metadata, never values. */
    SecretMessages.MetadataResponse getSecretMetadata(SecretMessages.GetRequest request);

    /** {@code /v1/acl/policy}: creates or replaces the policy of that name. */
    void upsertPolicy(PolicyMessages.PutRequest request);

    /** {@code /v1/acl/policy?action=get}. */
    PolicyMessages.Policy getPolicy(PolicyMessages.IdRequest request);

    /** {@code /v1/acl/policy?action=list}, optionally filtered by exact patterns. */
    PolicyMessages.ListResponse listPolicies(PolicyMessages.ListRequest request);

    /** {@code /v1/acl/policy?action=delete}. */
    void deletePolicy(PolicyMessages.IdRequest request);

    /** {@code /v1/cipher/encrypt}, JSON form. */
    Ciphertext encrypt(Plaintext request);

    /** {@code /v1/cipher/decrypt}, JSON form. */
    Plaintext decrypt(Ciphertext request);

    /** {@code /v1/cipher/encrypt}, octet-stream form: plaintext in, {@code 0x01‖nonce‖ciphertext} out. */
    byte[] encryptStream(byte[] plaintext);

    /** {@code /v1/cipher/decrypt}, octet-stream form: {@code 0x01‖nonce‖ciphertext} in, plaintext out. */
    byte[] decryptStream(byte[] ciphertext);

    /** {@code /v1/operator/recover}: every shard of the root key (Pilot recover role only). */
    RecoverResponse recover();

    /** {@code /v1/operator/restore}: one shard towards rebuilding the root key (Pilot restore role only). */
    RestoreResponse restore(RestoreRequest request);

    /** {@code /v1/operator/escrow}: the root key sealed under a passphrase. */
    ist.spike.core.api.OperatorMessages.EscrowResponse escrow(ist.spike.core.api.OperatorMessages.EscrowRequest request);

    /** {@code /v1/operator/escrow?action=delete}. */
    ist.spike.core.api.OperatorMessages.EscrowResponse removeEscrow();

    /** {@code /v1/operator/escrow?action=restore}: the root key back from the escrow. */
    RestoreResponse restoreWithPassphrase(ist.spike.core.api.OperatorMessages.EscrowRequest request);

    /** {@code /v1/operator/rekey}: a new root key. */
    ist.spike.core.api.OperatorMessages.RekeyResponse rekey();

    /** {@code /v1/operator/rotate}: a new key term. */
    ist.spike.core.api.OperatorMessages.RotateResponse rotate(ist.spike.core.api.OperatorMessages.RotateRequest request);

    /** {@code /v1/operator/commitments}: every sharing generation's public commitments. */
    ist.spike.core.api.OperatorMessages.CommitmentsResponse commitments();

    /** {@code /v1/status}. */
    NexusStatus status();
}
