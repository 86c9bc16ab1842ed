package ist.spike.operator.status;

/**
 * The kubectl commands of a SpikeCluster's recovery runbooks (DESIGN section 7), spelled with the
 * cluster's own names, for the {@code RecoveryRequired} message and {@code status.pilot}. Shell
 * quoting as for bash; names are DNS labels, so they need none.
 *
 * @param pilotEnabled whether the cluster runs its own Pilot ({@code spec.pilot.enabled})
 */
public record Runbook(String namespace, String name, String trustDomain, boolean pilotEnabled) {
    /** The cluster's Pilot ID for {@code role}, the one its Nexus accepts. */
    public String pilotId(String role) {
        return "spiffe://" + trustDomain + "/spike/pilot/role/" + role + "/" + namespace + "/" + name;
    }

    /** Grants {@code role} to the cluster's Pilot (an audited change of the spec). */
    public String switchRole(String role) {
        return "kubectl patch spk " + name + " -n " + namespace + " --type merge -p '{\"spec\":{\"pilot\":{\"role\":\""
                + role + "\"}}}'";
    }

    /** Enables the cluster's Pilot with {@code role}. */
    public String enablePilot(String role) {
        return "kubectl patch spk " + name + " -n " + namespace
                + " --type merge -p '{\"spec\":{\"pilot\":{\"enabled\":true,\"role\":\"" + role + "\"}}}'";
    }

    /** Waits until the operator has put {@code role} in force. */
    public String waitForRole(String role) {
        return "kubectl wait spk/" + name + " -n " + namespace + " --for=jsonpath='{.status.pilot.role}'=" + role
                + " --timeout=2m";
    }

    /** Runs {@code spike} with {@code args} in the cluster's Pilot. */
    public String exec(String args) {
        return "kubectl exec -n " + namespace + " deploy/" + name + "-pilot -- spike " + args;
    }

    /** Feeds one recovery file to Nexus. */
    public String restoreOne() {
        return "kubectl exec -i -n " + namespace + " deploy/" + name + "-pilot -- spike restore < spike.recovery.<id>.txt";
    }

    /** Restores the root key from the passphrase escrow (the passphrase typed at the hidden prompt). */
    public String restoreWithPassphrase() {
        return "kubectl exec -it -n " + namespace + " deploy/" + name + "-pilot -- spike restore --passphrase";
    }

    /**
     * Takes the recovery files: the shards stream off the pod as lines and land in files named as
     * {@code spike recover} names them, readable by their owner only.
     */
    public String recoverAll() {
        return "(umask 077 && kubectl exec -n " + namespace + " deploy/" + name + "-pilot -- spike recover --stdout"
                + " | awk -F: '{ print > (\"spike.recovery.\" $2 \".txt\") }')";
    }

    /** Shows restore progress. */
    public String watchRestore() {
        return "kubectl get spk " + name + " -n " + namespace + " -o jsonpath='{.status.restore}'";
    }
}
