package ist.spike.nexus.recovery;

import io.spiffe.workloadapi.X509Source;
import ist.spike.core.api.Empty;
import ist.spike.core.api.KeeperMessages.ShardMessage;
import ist.spike.core.client.MtlsJsonClient;
import ist.spike.core.crypto.SecretBytes;
import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.spiffe.MtlsContexts;
import ist.spike.nexus.NexusConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** A Keeper over mTLS; the SSL context accepts only the SPIFFE ID(s) expected at its URL. */
public final class MtlsKeeperClient implements KeeperClient {
    private final MtlsJsonClient client;

    public MtlsKeeperClient(SSLContext keepersOnly, URI url, Duration timeout) {
        this.client = new MtlsJsonClient(keepersOnly, url, timeout);
    }

    /**
     * One client per Keeper URL of the config, in order. Security: Keeper {@code i} must present
     * its own allow-listed ID ({@code SPIKE_NEXUS_KEEPER_IDS}), so another cluster's Keeper (or
     * another of this cluster's) answering at that URL is refused at the handshake; without an
     * allow-list any Keeper ID is accepted, as upstream does.
     */
    public static List<KeeperClient> forPeers(NexusConfig config, X509Source source, Duration timeout) {
        List<KeeperClient> out = new ArrayList<>();
        for (int i = 0; i < config.keeperPeers().size(); i++) {
            out.add(new MtlsKeeperClient(MtlsContexts.create(source, config.keeperAt(i)), config.keeperPeers().get(i),
                    timeout));
        }
        return List.copyOf(out);
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
