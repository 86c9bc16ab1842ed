package ist.spike.nexus.recovery;

import ist.spike.core.api.Empty;
import ist.spike.core.api.KeeperMessages.ShardMessage;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** A Keeper over mTLS; the SSL context accepts only Keeper SPIFFE IDs. */
public final class MtlsKeeperClient implements KeeperClient {
    private final MtlsJsonClient client;

    public MtlsKeeperClient(SSLContext keepersOnly, URI url, Duration timeout) {
        this.client = new MtlsJsonClient(keepersOnly, url, timeout);
    }

    @Override
    public URI url() {
        return client.base();
    }

    @Override
    public Optional<SecretBytes> fetch() {
        try {
            return Optional.ofNullable(client.post("/v1/store/shard", null, Empty.INSTANCE, ShardMessage.class).shard());
        } catch (SpikeException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void contribute(SecretBytes shard) {
        client.post("/v1/store/contribute", null, new ShardMessage(shard), Empty.class);
    }
}
