package ist.spike.nexus.recovery;

import ist.spike.core.api.OperatorMessages.RestoreResponse;
import ist.spike.core.api.StatusMessages.BadShard;
import ist.spike.core.api.StatusMessages.KeeperInfo;
import ist.spike.core.api.StatusMessages.RestoreProgress;
import ist.spike.core.api.StatusMessages.ShamirInfo;
import ist.spike.core.api.StatusMessages.SharingInfo;
import ist.spike.core.shamir.Share;
import java.util.List;
import java.util.Optional;

/** What the operator routes and the status need from the root-key lifecycle. Thread-safe. */
public interface ShardRecovery {
    /** All N shares of the current root key, for {@code spike recover}. */
    List<Share> recoverShares();

    /** Takes one shard from {@code spike restore}. */
    RestoreResponse restore(Share share);

    List<KeeperInfo> keepers();

    RestoreProgress progress();

    List<BadShard> badShards();

    /** The sharing in force and its recovery files; empty before the record is known. */
    default Optional<SharingInfo> sharing() {
        return Optional.empty();
    }

    /** Every sharing generation with its commitments (public values); empty before the record is known. */
    default List<ist.spike.core.api.OperatorMessages.Generation> generations() {
        return List.of();
    }

    /** N and T of the sharing in force; empty before the record is known. */
    default Optional<ShamirInfo> shamir() {
        return Optional.empty();
    }

    /** {@code spike operator rekey}: a new root key (DESIGN §3a). */
    default ist.spike.core.api.OperatorMessages.RekeyResponse rekey() {
        throw new ist.spike.core.error.SpikeException(ist.spike.core.error.ErrorCode.CONFLICT,
                "the memory backend keeps no root key to replace");
    }

    /** {@code spike recover --passphrase}: seals the root key under the passphrase (DESIGN §3a). */
    default void escrow(byte[] passphrase) {
        throw new ist.spike.core.error.SpikeException(ist.spike.core.error.ErrorCode.CONFLICT,
                "the memory backend keeps no root key to escrow");
    }

    /** {@code spike recover --passphrase --remove}: true when there was an escrow. */
    default boolean removeEscrow() {
        throw new ist.spike.core.error.SpikeException(ist.spike.core.error.ErrorCode.CONFLICT,
                "the memory backend keeps no escrow");
    }

    /** {@code spike restore --passphrase}: the escrowed key, when the passphrase opens it. */
    default RestoreResponse restoreWithPassphrase(byte[] passphrase) {
        throw new ist.spike.core.error.SpikeException(ist.spike.core.error.ErrorCode.CONFLICT,
                "the memory backend keeps no shards");
    }

    /** The memory backend: no Keepers, no shards, nothing to recover or restore. */
    ShardRecovery NONE = new ShardRecovery() {
        @Override
        public List<Share> recoverShares() {
            throw new ist.spike.core.error.SpikeException(ist.spike.core.error.ErrorCode.CONFLICT,
                    "the memory backend keeps no shards");
        }

        @Override
        public RestoreResponse restore(Share share) {
            throw new ist.spike.core.error.SpikeException(ist.spike.core.error.ErrorCode.CONFLICT,
                    "the memory backend keeps no shards");
        }

        @Override
        public List<KeeperInfo> keepers() {
            return List.of();
        }

        @Override
        public RestoreProgress progress() {
            return new RestoreProgress(0, 0);
        }

        @Override
        public List<BadShard> badShards() {
            return List.of();
        }
    };
}
