package ist.spike.pilot.status;

import ist.spike.core.api.StatusMessages.BadShard;
import ist.spike.core.api.StatusMessages.KeeperInfo;
import ist.spike.core.api.StatusMessages.NexusStatus;
import ist.spike.core.api.StatusMessages.SharingInfo;
import ist.spike.pilot.failure.RoleSwitch;
import ist.spike.pilot.output.Fields;
import ist.spike.pilot.output.Table;

/** The human form of the Nexus status, ending with what to do next when Nexus is not READY. */
final class StatusText {
    private StatusText() {
    }

    static String render(NexusStatus status, RoleSwitch roles) {
        Fields fields = new Fields().add("State", status.state()).add("Backend", status.backend());
        if (status.shamir() != null) {
            fields.add("Shamir", "any " + status.shamir().threshold() + " of " + status.shamir().shares()
                    + " shards rebuild the root key");
        }
        SharingInfo sharing = status.sharing();
        if (sharing != null) {
            fields.add("Sharing", "generation " + sharing.generation() + (sharing.pending() == null ? ""
                    : ", re-sharing to any " + sharing.pending().threshold() + " of " + sharing.pending().shares())
                    + (sharing.rekeying() ? ", rekey under way (Keepers are taking the new key's shards)" : ""));
            if (sharing.rekeyedAt() != null) {
                fields.add("Rekeyed", sharing.rekeyedAt());
            }
            fields.add("Recovery", recoveryFiles(sharing, roles));
            if (!"none".equals(String.valueOf(sharing.escrow())) || sharing.escrowFailures() > 0) {
                fields.add("Escrow", escrow(sharing));
            }
        }
        if (status.keyring() != null) {
            long left = status.keyring().rewrap() == null ? 0 : status.keyring().rewrap().remaining();
            fields.add("Keys", "term " + status.keyring().term() + (left > 0 ? ", re-sealing " + left + " older rows" : ""));
        }
        if (status.restore() != null) {
            fields.add("Restore", status.restore().collected() + " shards collected, " + status.restore().remaining()
                    + " remaining");
        }
        StringBuilder text = new StringBuilder(fields.render());
        if (!status.keepers().isEmpty()) {
            Table keepers = new Table("KEEPER", "URL", "REACHABLE", "HOLDS SHARD");
            for (KeeperInfo k : status.keepers()) {
                keepers.row(k.id(), k.url(), yesNo(k.reachable()), yesNo(k.holdsShard()));
            }
            text.append('\n').append(keepers.render());
        }
        if (!status.badShards().isEmpty()) {
            Table bad = new Table("REFUSED SHARD", "REASON");
            for (BadShard b : status.badShards()) {
                bad.row(b.id(), b.reason());
            }
            text.append('\n').append(bad.render());
        }
        if (sharing != null && sharing.problem() != null) {
            text.append("\nRe-share refused: ").append(sharing.problem()).append('\n');
        }
        if (!status.damagedPolicies().isEmpty()) {
            text.append("\nDamaged policies (ignored; delete and re-create them): ")
                    .append(String.join(", ", status.damagedPolicies())).append('\n');
        }
        String next = nextStep(status.state(), roles);
        if (next != null) {
            text.append('\n').append(next).append('\n');
        }
        return text.toString();
    }

    private static String escrow(SharingInfo sharing) {
        String state = String.valueOf(sharing.escrow());
        String text = switch (state) {
            case "current" -> "a passphrase escrow holds the root key (`spike restore --passphrase`)";
            case "stale" -> "the passphrase escrow holds a key a rekey replaced: it restores nothing; make a new one"
                    + " (`spike recover --passphrase`) or remove it";
            default -> "none";
        };
        if (sharing.escrowFailures() > 0) {
            text += "; " + sharing.escrowFailures() + " wrong passphrase(s) since the last right one"
                    + (sharing.escrowRetryAt() == null ? "" : ", next attempt from " + sharing.escrowRetryAt());
        }
        return text;
    }

    private static String recoveryFiles(SharingInfo sharing, RoleSwitch roles) {
        return switch (String.valueOf(sharing.recoveryFiles())) {
            case "current" -> "files taken " + sharing.recoveredAt() + " restore this sharing";
            case "stale" -> "files taken " + sharing.recoveredAt() + (sharing.rekeyedAt() != null
                    && sharing.rekeyedAt().compareTo(String.valueOf(sharing.recoveredAt())) > 0
                    ? " are of the root key replaced by the rekey of " + sharing.rekeyedAt() + " and no longer restore"
                    : " are of an earlier sharing") + ": take new ones (run "
                    + roles.command("recover") + ", then `spike recover`) and destroy the old";
            default -> "no recovery files taken yet: run " + roles.command("recover") + ", then `spike recover`";
        };
    }

    static String nextStep(String state, RoleSwitch roles) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "INITIALIZING" -> "Nexus is starting: run `spike status` again in a moment.";
            case "RECOVERING" -> "Nexus is waiting for Keepers to return their shards: check that they run"
                    + " (hack/start.sh starts missing ones).";
            case "RESTORE_REQUIRED" -> "The Keepers cannot rebuild the root key any more: run "
                    + roles.command("restore") + ", then `spike restore` once per recovery shard.";
            default -> null;
        };
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
