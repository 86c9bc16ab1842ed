package ist.spike.operator;

import io.fabric8.kubernetes.api.model.Quantity;
import ist.spike.operator.model.KeeperSpec;
import ist.spike.operator.model.NexusSpec;
import ist.spike.operator.model.SpikeClusterSpec;
import ist.spike.operator.model.SpiffeSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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

    private SpecValidation() {
    }

    /** Empty when a SpikeCluster of this name and spec can be deployed. */
    public static List<String> problems(String name, SpikeClusterSpec spec) {
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
        spiffe(spec.getSpiffe(), problems);
        return List.copyOf(problems);
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

    private static void spiffe(SpiffeSpec spiffe, List<String> problems) {
        if (spiffe == null || spiffe.getSocket() == null) {
            problems.add("spiffe.socket must be csi or hostPath");
            return;
        }
        if (spiffe.getSocket() == SpiffeSpec.Socket.hostPath
                && (spiffe.getHostPath() == null || !spiffe.getHostPath().startsWith("/"))) {
            problems.add("spiffe.hostPath must be an absolute directory when spiffe.socket is hostPath");
        }
        if (blank(spiffe.getSocketName()) || spiffe.getSocketName().contains("/")) {
            problems.add("spiffe.socketName must be a file name");
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
