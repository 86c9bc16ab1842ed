package ist.spike.operator.status;

/** The condition types of a SpikeCluster, all positive: True is the state a user wants, but for RecoveryRequired. */
public enum ConditionType {
    Ready,
    NexusAvailable,
    KeepersAvailable,
    RootKeyAvailable,
    ShardsDistributed,
    RecoveryRequired,
    RecoveryFilesCurrent
}
