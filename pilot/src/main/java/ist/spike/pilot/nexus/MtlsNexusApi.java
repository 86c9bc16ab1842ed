package ist.spike.pilot.nexus;

import ist.spike.core.api.CipherMessages.Ciphertext;
import ist.spike.core.api.CipherMessages.Plaintext;
import ist.spike.core.api.Empty;
import ist.spike.core.api.OperatorMessages.RecoverResponse;
import ist.spike.core.api.OperatorMessages.RestoreRequest;
import ist.spike.core.api.OperatorMessages.RestoreResponse;
import ist.spike.core.api.PolicyMessages;
import ist.spike.core.api.SecretMessages;
import ist.spike.core.api.StatusMessages.NexusStatus;
import ist.spike.core.client.MtlsJsonClient;
import java.util.Objects;

/**
 * {@link NexusApi} over {@link MtlsJsonClient}: {@code POST <path>?action=<action>} exactly as the
 * API table of DESIGN section 4 has it. Which server is accepted is decided by the client's SSL
 * context (Nexus SPIFFE IDs only, see {@link NexusConnection}). Thread-safe.
 */
public final class MtlsNexusApi implements NexusApi {
    static final String SECRETS = "/v1/store/secrets";
    static final String SECRETS_METADATA = "/v1/store/secrets/metadata";
    static final String POLICY = "/v1/acl/policy";
    static final String ENCRYPT = "/v1/cipher/encrypt";
    static final String DECRYPT = "/v1/cipher/decrypt";
    static final String RECOVER = "/v1/operator/recover";
    static final String RESTORE = "/v1/operator/restore";
    static final String STATUS = "/v1/status";
    static final String COMMITMENTS = "/v1/operator/commitments";
    static final String ROTATE = "/v1/operator/rotate";
    static final String REKEY = "/v1/operator/rekey";
    static final String ESCROW = "/v1/operator/escrow";

    private final MtlsJsonClient client;

    public MtlsNexusApi(MtlsJsonClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public void putSecret(SecretMessages.PutRequest request) {
        client.post(SECRETS, null, request, Empty.class);
    }

    @Override
    public SecretMessages.GetResponse getSecret(SecretMessages.GetRequest request) {
        return client.post(SECRETS, "get", request, SecretMessages.GetResponse.class);
    }

    @Override
    public void deleteSecret(SecretMessages.VersionsRequest request) {
        client.post(SECRETS, "delete", request, Empty.class);
    }

    @Override
    public void undeleteSecret(SecretMessages.VersionsRequest request) {
        client.post(SECRETS, "undelete", request, Empty.class);
    }

    @Override
    public SecretMessages.ListResponse listSecrets() {
        return client.post(SECRETS, "list", Empty.INSTANCE, SecretMessages.ListResponse.class);
    }

    @Override
    public SecretMessages.MetadataResponse getSecretMetadata(SecretMessages.GetRequest request) {
        return client.post(SECRETS_METADATA, "get", request, SecretMessages.MetadataResponse.class);
    }

    @Override
    public void upsertPolicy(PolicyMessages.PutRequest request) {
        client.post(POLICY, null, request, Empty.class);
    }

    @Override
    public PolicyMessages.Policy getPolicy(PolicyMessages.IdRequest request) {
        return client.post(POLICY, "get", request, PolicyMessages.Policy.class);
    }

    @Override
    public PolicyMessages.ListResponse listPolicies(PolicyMessages.ListRequest request) {
        return client.post(POLICY, "list", request, PolicyMessages.ListResponse.class);
    }

    @Override
    public void deletePolicy(PolicyMessages.IdRequest request) {
        client.post(POLICY, "delete", request, Empty.class);
    }

    @Override
    public Ciphertext encrypt(Plaintext request) {
        return client.post(ENCRYPT, null, request, Ciphertext.class);
    }

    @Override
    public Plaintext decrypt(Ciphertext request) {
        return client.post(DECRYPT, null, request, Plaintext.class);
    }

    @Override
    public byte[] encryptStream(byte[] plaintext) {
        return client.postBytes(ENCRYPT, null, plaintext);
    }

    @Override
    public byte[] decryptStream(byte[] ciphertext) {
        return client.postBytes(DECRYPT, null, ciphertext);
    }

    @Override
    public RecoverResponse recover() {
        return client.post(RECOVER, null, Empty.INSTANCE, RecoverResponse.class);
    }

    @Override
    public RestoreResponse restore(RestoreRequest request) {
        return client.post(RESTORE, null, request, RestoreResponse.class);
    }

    @Override
    public ist.spike.core.api.OperatorMessages.EscrowResponse escrow(ist.spike.core.api.OperatorMessages.EscrowRequest request) {
        return client.post(ESCROW, null, request, ist.spike.core.api.OperatorMessages.EscrowResponse.class);
    }

    @Override
    public ist.spike.core.api.OperatorMessages.EscrowResponse removeEscrow() {
        return client.post(ESCROW, "delete", Empty.INSTANCE, ist.spike.core.api.OperatorMessages.EscrowResponse.class);
    }

    @Override
    public RestoreResponse restoreWithPassphrase(ist.spike.core.api.OperatorMessages.EscrowRequest request) {
        return client.post(ESCROW, "restore", request, RestoreResponse.class);
    }

    @Override
    public ist.spike.core.api.OperatorMessages.RekeyResponse rekey() {
        return client.post(REKEY, null, Empty.INSTANCE, ist.spike.core.api.OperatorMessages.RekeyResponse.class);
    }

    @Override
    public ist.spike.core.api.OperatorMessages.RotateResponse rotate(ist.spike.core.api.OperatorMessages.RotateRequest request) {
        return client.post(ROTATE, null, request, ist.spike.core.api.OperatorMessages.RotateResponse.class);
    }

    @Override
    public ist.spike.core.api.OperatorMessages.CommitmentsResponse commitments() {
        return client.post(COMMITMENTS, null, Empty.INSTANCE, ist.spike.core.api.OperatorMessages.CommitmentsResponse.class);
    }

    @Override
    public NexusStatus status() {
        return client.post(STATUS, null, Empty.INSTANCE, NexusStatus.class);
    }
}
