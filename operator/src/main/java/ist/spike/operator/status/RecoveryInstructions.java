package ist.spike.operator.status;

/** The message of {@code RecoveryRequired=True}: exactly what an operator of SPIKE runs to restore it. */
public final class RecoveryInstructions {
    private RecoveryInstructions() {
    }

    public static String message(String trustDomain, int threshold, int collected, int remaining) {
        int needed = remaining > 0 ? remaining : threshold;
        return "Nexus and its Keepers lost the root key; restore it from the shards saved by 'spike recover'. "
                + "1) Give Pilot the restore role: register spiffe://" + trustDomain + "/spike/pilot/role/restore "
                + "for it (hack/spire-server-entry-restore-register.sh does this for a local SPIRE). "
                + "2) Run 'spike restore' once per shard file, " + threshold + " shards in all ("
                + collected + " received, " + needed + " to go). "
                + "3) When Nexus is READY, switch Pilot back to its usual role "
                + "(hack/spire-server-entry-su-register.sh).";
    }
}
