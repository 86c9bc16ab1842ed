package ist.spike.nexus.status;

import ist.spike.core.api.StatusMessages.NexusStatus;
import ist.spike.core.api.StatusMessages.ShamirInfo;
import ist.spike.core.server.HealthServer;
import ist.spike.core.server.RequestMetrics;
import ist.spike.nexus.NexusConfig;
import ist.spike.nexus.recovery.ShardRecovery;
import ist.spike.nexus.state.NexusState;
import ist.spike.nexus.state.RootKey;
import java.util.List;
import java.util.function.Supplier;

/**
 * What Nexus says about itself on {@code /status}, {@code /readyz}, {@code /metrics} and
 * {@code POST /v1/status}. Security: state and counts only, never key material.
 */
public final class NexusStatusReport implements HealthServer.Probes {
    private final NexusConfig config;
    private final RootKey rootKey;
    private final RequestMetrics metrics;
    private final ShardRecovery recovery;
    private final Supplier<List<String>> damagedPolicies;
    private final Supplier<ist.spike.core.api.StatusMessages.KeyringInfo> keyring;

    /**
     * @param damagedPolicies names of stored policies that cannot be read ({@code PolicyStore.damaged})
     * @param keyring the keyring's term and rewrap progress, or null (no keyring, or no root key yet)
     */
    public NexusStatusReport(NexusConfig config, RootKey rootKey, RequestMetrics metrics, ShardRecovery recovery,
                             Supplier<List<String>> damagedPolicies,
                             Supplier<ist.spike.core.api.StatusMessages.KeyringInfo> keyring) {
        this.config = config;
        this.rootKey = rootKey;
        this.metrics = metrics;
        this.recovery = recovery;
        this.damagedPolicies = damagedPolicies;
        this.keyring = keyring;
    }

    /** A report with no keyring (the memory backend, tests). */
    public NexusStatusReport(NexusConfig config, RootKey rootKey, RequestMetrics metrics, ShardRecovery recovery,
                             Supplier<List<String>> damagedPolicies) {
        this(config, rootKey, metrics, recovery, damagedPolicies, () -> null);
    }

    @Override
    public boolean ready() {
        return rootKey.state() == NexusState.READY;
    }

    @Override
    public NexusStatus status() {
        // The sharing in force is the database's (it may lag the configuration during a re-share).
        ShamirInfo shamir = recovery.shamir()
                .orElse(new ShamirInfo(config.shamir().shares(), config.shamir().threshold()));
        return new NexusStatus(rootKey.state().name(), config.backend().wire(), shamir,
                recovery.keepers(), recovery.progress(), recovery.badShards(), damagedPolicies.get(),
                recovery.sharing().orElse(null), keyring.get());
    }

    @Override
    public String metrics() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP spike_nexus_state 1 for the state Nexus is in.\n# TYPE spike_nexus_state gauge\n");
        NexusState current = rootKey.state();
        for (NexusState s : NexusState.values()) {
            out.append("spike_nexus_state{state=\"").append(s.name()).append("\"} ").append(s == current ? 1 : 0).append('\n');
        }
        out.append("# HELP spike_nexus_keepers_holding_shard Keepers that hold their shard.\n")
                .append("# TYPE spike_nexus_keepers_holding_shard gauge\n")
                .append("spike_nexus_keepers_holding_shard ")
                .append(recovery.keepers().stream().filter(ist.spike.core.api.StatusMessages.KeeperInfo::holdsShard).count())
                .append('\n');
        metrics.render(out);
        return out.toString();
    }
}
