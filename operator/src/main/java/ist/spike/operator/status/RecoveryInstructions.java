package ist.spike.operator.status;

/** The message of {@code RecoveryRequired=True}: exactly what an operator of SPIKE runs to restore it. */
public final class RecoveryInstructions {
    private RecoveryInstructions() {
    }

    /**
     * The runbook starts with a role switch when the cluster runs its own Pilot, otherwise with
     * enabling it; with {@code escrowCurrent} (a passphrase escrow holds the key in force) it also
     * names the one-step restore by passphrase.
     */
    public static String message(Runbook runbook, int threshold, int collected, int remaining, boolean escrowCurrent) {
        int needed = remaining > 0 ? remaining : threshold;
        String grant = runbook.pilotEnabled() ? runbook.switchRole("restore") : runbook.enablePilot("restore");
        return "Nexus and its Keepers lost the root key; restore it from the recovery files saved by 'spike recover' ("
                + threshold + " needed: " + collected + " received, " + needed + " to go). "
                + "1) Give the cluster's Pilot the restore role: " + grant + " ; then " + runbook.waitForRole("restore")
                + " (the new SVID follows within seconds; a restore refused as not authorized changes nothing, repeat it). "
                + "2) Once per recovery file: " + runbook.restoreOne() + " . "
                + "3) Watch progress: " + runbook.watchRestore() + " . "
                + "4) When the state is READY, switch back: " + runbook.switchRole("superuser")
                + " (the operator also does so after spec.pilot.roleResetAfter). "
                + (escrowCurrent ? "A passphrase escrow ('spike recover --passphrase') holds this root key: instead of"
                        + " step 2, " + runbook.restoreWithPassphrase() + " and type the passphrase once (wrong ones"
                        + " are refused with a growing delay). " : "")
                + "With a Pilot of your own instead: give it the SPIFFE ID " + runbook.pilotId("restore")
                + " and run 'spike restore' once per file" + (escrowCurrent ? ", or 'spike restore --passphrase' once" : "")
                + ".";
    }
}
