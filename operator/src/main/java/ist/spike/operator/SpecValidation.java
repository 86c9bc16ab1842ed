package ist.spike.operator;

import io.fabric8.kubernetes.api.model.Quantity;
import ist.spike.operator.model.KeeperSpec;
import ist.spike.operator.model.NexusSpec;
import ist.spike.operator.model.PilotSpec;
import ist.spike.operator.model.RootKeySharing;
import ist.spike.operator.model.SpikeClusterSpec;
import ist.spike.operator.model.SpiffeSpec;
import ist.spike.operator.status.PilotRoles;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What is wrong with a spec, in words a user can act on. The CRD's schema catches most of this at
 * the API server; this check also covers rules across fields and objects stored before a schema change.
 */
public final class SpecValidation {
    /** Shamir share IDs are small positive integers; more Keepers than this only costs start-up time. */
    static final int MAX_KEEPERS = 100;
    /**
     * Child names append up to 16 characters ({@code -keeper-headless}) and pods a revision hash to
     * the cluster's name; Kubernetes labels and DNS labels stop at 63.
     */
    static final int MAX_NAME = 40;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");

    private final Set<String> allowedHostPaths;

    /**
     * @param allowedHostPaths node directories this operator may mount into a pod for
     *     {@code spiffe.socket: hostPath} (its administrator's choice, {@code SPIKE_OPERATOR_HOST_PATHS})
     */
    public SpecValidation(Set<String> allowedHostPaths) {
        this.allowedHostPaths = Set.copyOf(allowedHostPaths);
    }

    private static final Pattern HOST_PATH = Pattern.compile(SpiffeSpec.HOST_PATH_PATTERN);
    private static final Set<String> PILOT_ROLES = Set.of(PilotSpec.SUPERUSER, PilotSpec.RECOVER, PilotSpec.RESTORE,
            PilotSpec.NONE);

    /** Empty when a SpikeCluster of this name and spec can be deployed. */
    public List<String> problems(String name, SpikeClusterSpec spec) {
        List<String> problems = new ArrayList<>();
        if (name == null || name.length() > MAX_NAME || !DNS_LABEL.matcher(name).matches()) {
            problems.add("the SpikeCluster's name must be a DNS label of at most " + MAX_NAME
                    + " characters (lower-case letters, digits, '-', starting with a letter)");
        }
        if (spec == null) {
            problems.add("spec is missing");
            return List.copyOf(problems);
        }
        if (spec.getTrustDomain() == null || !TRUST_DOMAIN.matcher(spec.getTrustDomain()).matches()) {
            problems.add("trustDomain must be a SPIFFE trust domain such as spike.ist");
        }
        keepers(spec.getKeepers(), problems);
        nexus(spec.getNexus(), problems);
        spiffe(spec.getSpiffe(), allowedHostPaths, problems);
        pilot(spec.getPilot(), problems);
        return List.copyOf(problems);
    }

    /**
     * What is wrong with the spec's Keepers given how Nexus shares the root key now (from its status,
     * or the last one the operator saw; null when never known). A Nexus re-shares its key when
     * {@code keepers} change (DESIGN §3a); these are the changes it could not make safely.
     */
    public List<String> againstSharing(SpikeClusterSpec spec, RootKeySharing sharing) {
        if (spec == null || spec.getKeepers() == null || sharing == null || sharing.getThreshold() < 1) {
            return List.of();
        }
        int shares = sharing.getShares();
        int threshold = sharing.getThreshold();
        int replicas = spec.getKeepers().getReplicas();
        int wanted = spec.getKeepers().getThreshold();
        List<String> problems = new ArrayList<>();
        if (sharing.getPendingShares() > 0) {
            if (replicas != sharing.getPendingShares() || wanted != sharing.getPendingThreshold()) {
                problems.add("Nexus is re-sharing the root key as any " + sharing.getPendingThreshold() + " of "
                        + sharing.getPendingShares() + ": wait for ShardsDistributed=True before changing keepers again");
            }
            return problems;
        }
        if (replicas < threshold) {
            problems.add("keepers.replicas (" + replicas + ") is below the threshold the root key is shared with now ("
                    + threshold + " of " + shares + "): so few Keepers could not rebuild it. Lower keepers.threshold"
                    + " first, wait for ShardsDistributed=True, then lower keepers.replicas");
        } else if (wanted != threshold && replicas < threshold + wanted - 1) {
            // Nexus's own rule (Resharing.safe): Keepers switch one at a time, and a Nexus crash midway must
            // still find T shards of one generation.
            problems.add("changing keepers.threshold from " + threshold + " to " + wanted + " needs at least "
                    + (threshold + wanted - 1) + " keepers.replicas while the Keepers switch to new shards; raise"
                    + " keepers.replicas first, or change the threshold in smaller steps");
        }
        return problems;
    }

    private static void keepers(KeeperSpec keepers, List<String> problems) {
        int replicas = keepers == null ? 0 : keepers.getReplicas();
        int threshold = keepers == null ? 0 : keepers.getThreshold();
        boolean replicasValid = replicas >= 1 && replicas <= MAX_KEEPERS;
        if (!replicasValid) {
            problems.add("keepers.replicas must be between 1 and " + MAX_KEEPERS + ", got " + replicas);
        }
        if (threshold < 1) {
            problems.add("keepers.threshold must be at least 1, got " + threshold);
        } else if (replicasValid && threshold > replicas) {
            problems.add("keepers.threshold (" + threshold + ") must not exceed keepers.replicas (" + replicas + ")");
        }
        if (keepers != null && blank(keepers.getImage())) {
            problems.add("keepers.image must not be empty");
        }
    }

    private static void nexus(NexusSpec nexus, List<String> problems) {
        if (nexus == null || nexus.getStorage() == null || !isPositiveSize(nexus.getStorage().getSize())) {
            problems.add("nexus.storage.size must be a positive quantity such as 1Gi");
        }
        if (nexus != null && nexus.getBackend() == null) {
            problems.add("nexus.backend must be sqlite or memory");
        }
        if (nexus != null && blank(nexus.getImage())) {
            problems.add("nexus.image must not be empty");
        }
    }

    private static void spiffe(SpiffeSpec spiffe, Set<String> allowedHostPaths, List<String> problems) {
        if (spiffe == null || spiffe.getSocket() == null) {
            problems.add("spiffe.socket must be csi or hostPath");
            return;
        }
        if (spiffe.getSocket() == SpiffeSpec.Socket.hostPath) {
            // Security: the operator may create pods in every watched namespace; it must not mount an
            // arbitrary node directory (/, /var/lib/kubelet/pods) into a pod running the user's image.
            if (spiffe.getHostPath() == null || !HOST_PATH.matcher(spiffe.getHostPath()).matches()) {
                problems.add("spiffe.hostPath must be an absolute directory (no '.' or '..' segments) when"
                        + " spiffe.socket is hostPath");
            } else if (!allowedHostPaths.contains(spiffe.getHostPath())) {
                problems.add("spiffe.hostPath " + spiffe.getHostPath() + " is not a node directory this operator may"
                        + " mount (allowed: " + String.join(", ", new java.util.TreeSet<>(allowedHostPaths))
                        + "); use one of those, spiffe.socket: csi, or ask the operator's administrator"
                        + " (chart value allowedHostPaths)");
            }
        }
        if (blank(spiffe.getSocketName()) || spiffe.getSocketName().contains("/")) {
            problems.add("spiffe.socketName must be a file name");
        }
    }

    private static void pilot(PilotSpec pilot, List<String> problems) {
        if (pilot == null) {
            problems.add("pilot must be an object (or left out)");
            return;
        }
        if (!PILOT_ROLES.contains(String.valueOf(pilot.getRole()))) {
            problems.add("pilot.role must be superuser, recover, restore or none, got '" + pilot.getRole() + "'");
        }
        if (PilotRoles.resetAfter(pilot.getRoleResetAfter()).isEmpty()) {
            problems.add("pilot.roleResetAfter must be a duration such as 15m or 1h30m, between 1s and "
                    + PilotRoles.MAX_RESET_AFTER.toHours() + "h, got '" + pilot.getRoleResetAfter() + "'");
        }
        if (blank(pilot.getImage())) {
            problems.add("pilot.image must not be empty");
        }
    }

    private static boolean isPositiveSize(String size) {
        if (blank(size)) {
            return false;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(size)).compareTo(BigDecimal.ZERO) > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
