package ist.spike.operator.status;

/** The {@code reason} of every condition the operator writes. */
public enum Reason {
    AllAvailable,
    InvalidSpec,
    ReconcileFailed,
    NexusUnavailable,
    KeepersUnavailable,
    RootKeyUnavailable,
    NexusNotDeployed,
    NexusNotRunning,
    NexusUnreachable,
    NexusReachable,
    EnoughKeepersReady,
    TooFewKeepersReady,
    Initializing,
    Recovering,
    RestoreRequired,
    RootKeyInMemory,
    StateUnknown,
    AllKeepersHoldShards,
    ShardsMissing,
    NoRecoveryNeeded,
    Resharing,
    ReshareRefused,
    Rekeying,
    FilesCurrent,
    NeverTaken,
    Stale,
    NotReported
}
