package ist.spike.nexus.state;

/** Where Nexus is in its root-key lifecycle (DESIGN §3). Only {@code READY} serves data. */
public enum NexusState {
    INITIALIZING, RECOVERING, RESTORE_REQUIRED, READY
}
