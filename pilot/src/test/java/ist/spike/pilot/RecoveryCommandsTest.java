package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.core.error.ErrorCode;
import ist.spike.core.error.SpikeException;
import ist.spike.core.shamir.ShardCodec;
import ist.spike.core.shamir.Share;
import ist.spike.pilot.failure.RoleSwitch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryCommandsTest {
    @TempDir
    Path tmp;

    PilotHarness spike;
    Path dir;

    @BeforeEach
    void setUp() {
        spike = new PilotHarness(tmp);
        dir = spike.config().recoveryDir();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private List<String> shardTexts() {
        return spike.nexus().shares().stream().map(ShardCodec::encode).toList();
    }

    private List<String> hexParts() {
        return spike.nexus().shares().stream().map(s -> HexFormat.of().formatHex(s.value().revealCopy())).toList();
    }

    @ParameterizedTest(name = "spike {0}")
    @ValueSource(strings = {"recover", "operator recover"})
    void recoverWritesOnePrivateFilePerShardWithExactlyTheShardText(String command) throws Exception {
        PilotHarness.Result recover = spike.run(command.split(" "));
        assertThat(recover.exit()).as(recover.toString()).isZero();
        assertThat(mode(dir)).isEqualTo("rwx------");
        for (Share share : spike.nexus().shares()) {
            Path file = dir.resolve("spike.recovery." + share.id() + ".txt");
            String content = Files.readString(file);
            assertThat(content).matches("spike:" + share.id() + ":[0-9a-f]{64}").isEqualTo(ShardCodec.encode(share));
            assertThat(mode(file)).isEqualTo("rw-------");
        }
        assertThat(recover.out()).startsWith("Wrote 3 recovery shards to " + dir + ":\n"
                        + "  spike.recovery.1.txt\n  spike.recovery.2.txt\n  spike.recovery.3.txt\n")
                .contains("encrypted storage");
        assertThat(hexParts()).allSatisfy(hex -> assertThat(recover.out() + recover.err()).doesNotContain(hex));
    }

    @Test
    void recoverToStdoutPrintsExactlyTheFilesShardsAndWritesNoFile() throws Exception {
        PilotHarness.Result printed = spike.run("recover", "--stdout");
        assertThat(printed.exit()).as(printed.toString()).isZero();
        assertThat(dir).doesNotExist();
        assertThat(printed.err()).contains("Printed 3 recovery shards").contains("encrypted storage");
        assertThat(hexParts()).allSatisfy(hex -> assertThat(printed.err()).doesNotContain(hex));

        assertThat(spike.run("recover").exit()).isZero();
        StringBuilder files = new StringBuilder();
        for (int id = 1; id <= 3; id++) {
            files.append(Files.readString(dir.resolve("spike.recovery." + id + ".txt"))).append('\n');
        }
        assertThat(printed.out()).as("byte for byte the shards of the files, a line each").isEqualTo(files.toString());
    }

    @Test
    void recoverRemovesOlderRecoveryFilesAndLeavesOthersAlone() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("spike.recovery.7.txt"), "spike:7:" + "ab".repeat(32));
        Files.writeString(dir.resolve("spike.recovery.1.txt"), "old");
        Files.writeString(dir.resolve("spike.recovery-backup.txt"), "old");
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThat(spike.run("recover").exit()).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("spike.recovery.1.txt", "spike.recovery.2.txt", "spike.recovery.3.txt", "notes.txt");
        }
        assertThat(Files.readString(dir.resolve("spike.recovery.1.txt"))).isEqualTo(shardTexts().get(0));
    }

    @Test
    void recoverTightensAnExistingDirectory() throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(spike.run("recover").exit()).isZero();
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void rotateStartsANewTermAndSaysWhatHappensToOlderRows() {
        PilotHarness.Result rotate = spike.run("operator", "rotate", "--rewrap");
        assertThat(rotate.exit()).as(rotate.toString()).isZero();
        assertThat(rotate.out()).isEqualTo("Key term 2 seals new secrets and policies.\n"
                + "Older rows are re-sealed under it in the background: see `spike status`.\n");
        assertThat(spike.nexus().requests()).containsExactly("rotate --rewrap");
        assertThat(spike.run("operator", "rotate").out()).startsWith("Key term 3 ").contains("--rewrap` re-seals them");
    }

    private Path file(String name, String text) throws Exception {
        Files.createDirectories(tmp.resolve("safe"));
        return Files.writeString(tmp.resolve("safe").resolve(name), text);
    }

    @Test
    void verifySaysPerFileWhichSharingItBelongsToWithoutSendingAShard() throws Exception {
        List<Share> current = spike.nexus().sharesOf(new ist.spike.core.shamir.ShamirParameters(4, 3));
        Path a = file("spike.recovery.1.txt", ShardCodec.encode(current.get(0)));
        Path b = file("spike.recovery.2.txt", ShardCodec.encode(current.get(1)));
        Path c = file("spike.recovery.4.txt", ShardCodec.encode(current.get(3)) + "\n");
        Path old = file("old.txt", ShardCodec.encode(spike.nexus().shares().get(2)));
        Path foreign = file("foreign.txt", ShardCodec.encode(ist.spike.core.shamir.Shamir.split(
                ist.spike.core.crypto.SecretBytes.copyOf(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
                    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}), new ist.spike.core.shamir.ShamirParameters(3, 2)).get(0)));
        Path garbage = file("notes.txt", "buy milk");

        PilotHarness.Result verify = spike.run("recover", "verify", a.toString(), b.toString(), c.toString(),
                old.toString(), foreign.toString(), garbage.toString());

        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out()).isEqualTo(a + ": current: shard 1 of sharing generation 2 (any 3 of 4)\n"
                + b + ": current: shard 2 of sharing generation 2 (any 3 of 4)\n"
                + c + ": current: shard 4 of sharing generation 2 (any 3 of 4)\n"
                + old + ": older generation of the same key (still restores): shard 3 of sharing generation 1 (any 2 of 3)\n"
                + foreign + ": not this SPIKE's key (shard 1 matches none of its sharings)\n"
                + garbage + ": not a recovery file (" + verifyReason("buy milk") + ")\n"
                + "These files restore this SPIKE's root key: 3 shards of sharing generation 2, 3 needed.\n");
        assertThat(spike.nexus().requests()).as("only the public commitments were asked for").containsOnly("commitments");
        assertThat(hexParts()).allSatisfy(hex -> assertThat(verify.out() + verify.err()).doesNotContain(hex));
    }

    @Test
    void verifyFailsWhenTheFilesCannotRestoreTheKey() throws Exception {
        List<Share> current = spike.nexus().sharesOf(new ist.spike.core.shamir.ShamirParameters(4, 3));
        Path a = file("spike.recovery.1.txt", ShardCodec.encode(current.get(0)));
        Path old = file("old.txt", ShardCodec.encode(spike.nexus().shares().get(2)));

        PilotHarness.Result verify = spike.run("recover", "verify", a.toString(), old.toString());

        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.err()).isEqualTo("spike: these files cannot restore this SPIKE's root key: no sharing generation"
                + " has enough of its shards among them (the current one, 2, needs 3)\n");
    }

    @Test
    void verifyNamesFilesFromBeforeARekeyAndDoesNotCountThem() throws Exception {
        ist.spike.core.crypto.SecretBytes replaced = ist.spike.core.crypto.SecretBytes.copyOf(new byte[] {
            7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});
        spike.nexus().rekeyedFrom(replaced, "2026-12-01T10:00:00Z");
        List<Share> before = ist.spike.core.shamir.Shamir.split(replaced, new ist.spike.core.shamir.ShamirParameters(3, 2));
        Path a = file("spike.recovery.1.txt", ShardCodec.encode(before.get(0)));
        Path b = file("spike.recovery.2.txt", ShardCodec.encode(before.get(1)));

        PilotHarness.Result verify = spike.run("recover", "verify", a.toString(), b.toString());

        assertThat(verify.exit()).as("two shards of a replaced key restore nothing").isEqualTo(1);
        assertThat(verify.out()).isEqualTo(a + ": from before the rekey of 2026-12-01T10:00:00Z: no longer restores"
                + " (shard 1 of sharing generation 0, whose root key was replaced)\n"
                + b + ": from before the rekey of 2026-12-01T10:00:00Z: no longer restores"
                + " (shard 2 of sharing generation 0, whose root key was replaced)\n");
    }

    @Test
    void aPassphraseEscrowIsSetFromStdinRestoresAndIsNeverEchoed() {
        String secret = "correct horse battery staple";
        PilotHarness.Result escrow = spike.stdin(secret + "\n").run("recover", "--passphrase");
        assertThat(escrow.exit()).as(escrow.toString()).isZero();
        assertThat(escrow.out()).contains("Nexus keeps the root key sealed under this passphrase")
                .contains("guess at the passphrase offline");
        assertThat(spike.run("status").out()).contains("a passphrase escrow holds the root key");
        assertThat(spike.nexus().requests()).contains("escrow");

        spike.nexus().state("RESTORE_REQUIRED");
        PilotHarness.Result wrong = spike.stdin("not the passphrase at all\n").run("restore", "--passphrase");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("wrong passphrase (1 wrong since the last right one); the next attempt is"
                + " accepted from 2026-12-02T10:00:02Z. Nothing was changed");
        PilotHarness.Result right = spike.stdin(secret + "\n").run("restore", "--passphrase");
        assertThat(right.exit()).as(right.toString()).isZero();
        assertThat(right.out()).startsWith("SPIKE is now restored and ready to use.\n");
        for (PilotHarness.Result r : List.of(escrow, wrong, right)) {
            assertThat(r.out() + r.err()).doesNotContain(secret).doesNotContain("not the passphrase");
        }

        PilotHarness.Result removed = spike.run("recover", "--passphrase", "--remove");
        assertThat(removed.exit()).isZero();
        assertThat(removed.out()).contains("The passphrase escrow is deleted");
    }

    @Test
    void aShortPassphraseOrRemoveWithoutPassphraseIsAUsageErrorThatCallsNobody() {
        PilotHarness.Result tooShort = spike.stdin("short one\n").run("recover", "--passphrase");
        assertThat(tooShort.exit()).isEqualTo(2);
        assertThat(tooShort.err()).contains("shorter than 12 characters").doesNotContain("short one");
        assertThat(spike.run("recover", "--remove").err()).contains("--remove goes with --passphrase");
        assertThat(spike.nexus().requests()).isEmpty();
    }

    @Test
    void rekeySaysTheOldFilesNoLongerRestore() {
        PilotHarness.Result rekey = spike.run("operator", "rekey");
        assertThat(rekey.exit()).as(rekey.toString()).isZero();
        assertThat(rekey.out()).startsWith("The root key is replaced: sharing generation 2, held by 3 Keepers (2 needed).\n")
                .contains("Recovery files taken before now no longer restore");
        assertThat(spike.nexus().requests()).containsExactly("rekey");
    }

    private static String verifyReason(String text) {
        try {
            ShardCodec.decode(text);
            return "";
        } catch (ist.spike.core.error.InvalidShareException e) {
            return e.getMessage();
        }
    }

    @Test
    void inTheOperatorsPilotPodTheHintsAreTheClustersRoleSwitch() {
        spike.roleSwitch(RoleSwitch.fromEnvironment(java.util.Map.of("SPIKE_PILOT_ROLE_SWITCH",
                "kubectl patch spk demo -n spike --type merge -p '{\"spec\":{\"pilot\":{\"role\":\"{role}\"}}}'")));
        spike.nexus().failWith(new SpikeException(ErrorCode.UNAUTHORIZED, "the server answered 401 access_unauthorized"));
        PilotHarness.Result recover = spike.run("recover");
        assertThat(recover.err()).isEqualTo("spike: not authorized: recover needs the Pilot recover role: run"
                + " kubectl patch spk demo -n spike --type merge -p '{\"spec\":{\"pilot\":{\"role\":\"recover\"}}}',"
                + " then `spike recover`, then kubectl patch spk demo -n spike --type merge -p"
                + " '{\"spec\":{\"pilot\":{\"role\":\"superuser\"}}}' to switch back\n");
        PilotHarness.Result get = spike.run("secret", "get", "db");
        assertThat(get.err()).contains("or the superuser role (run kubectl patch spk demo -n spike --type merge -p"
                + " '{\"spec\":{\"pilot\":{\"role\":\"superuser\"}}}')");
    }

    @Test
    void aRoleSwitchWithoutThePlaceholderIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PilotConfig.fromEnvironment(java.util.Map.of(
                "SPIKE_PILOT_ROLE_SWITCH", "kubectl patch spk demo"))).hasMessageStartingWith(
                "SPIKE_PILOT_ROLE_SWITCH must contain {role}");
    }

    @Test
    void recoverWithoutTheRecoverRoleNamesTheScriptToRun() {
        spike.nexus().failWith(new SpikeException(ErrorCode.UNAUTHORIZED, "the server answered 401 access_unauthorized"));
        PilotHarness.Result recover = spike.run("recover");
        assertThat(recover.exit()).isEqualTo(4);
        assertThat(recover.err()).isEqualTo("spike: not authorized: recover needs the Pilot recover role: run"
                + " hack/spire-server-entry-recover-register.sh, then `spike recover`, then"
                + " hack/spire-server-entry-su-register.sh to switch back\n");
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void restoreReportsProgressShardByShardFromStdin() {
        spike.nexus().state("RESTORE_REQUIRED");
        List<String> shards = shardTexts();
        PilotHarness.Result first = spike.stdin(shards.get(0) + "\n").run("restore");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("Shards collected: 1\nShards remaining: 1\n"
                + "Run `spike restore` again with the next shard.\n");
        PilotHarness.Result second = spike.stdin(shards.get(2)).run("operator", "restore");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).startsWith("Shards collected: 2\nShards remaining: 0\nSPIKE is now restored and ready to use.\n");
        assertThat(spike.nexus().requests()).containsExactly(1, 3);
        assertThat(hexParts()).allSatisfy(hex -> assertThat(first.out() + first.err() + second.out() + second.err())
                .doesNotContain(hex));
    }

    @Test
    void restoreReadsAHiddenPromptWhenAPersonIsAtTheTerminal() {
        spike.nexus().state("RESTORE_REQUIRED");
        List<String> prompts = new ArrayList<>();
        String shard = shardTexts().get(1);
        PilotHarness.Result restore = spike.console(prompt -> {
            prompts.add(prompt);
            return shard.toCharArray();
        }).run("restore");
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(prompts).containsExactly("Recovery shard (input hidden): ");
        assertThat(restore.out()).startsWith("Shards collected: 1\nShards remaining: 1\n").doesNotContain(shard);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hunter2-not-a-shard", "spike:1:abcdef", "spike:1:" + "zz" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd",
        "spike:x:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "spike:1:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"})
    void malformedShardsAreRefusedWithoutEchoAndWithoutCallingNexus(String input) {
        spike.nexus().state("RESTORE_REQUIRED");
        PilotHarness.Result restore = spike.stdin(input + "\n").run("restore");
        assertThat(restore.exit()).isEqualTo(2);
        assertThat(restore.out()).isEmpty();
        assertThat(restore.err()).startsWith("spike: that is not a recovery shard").hasLineCount(1);
        String secretPart = input.substring(input.lastIndexOf(':') + 1);
        assertThat(restore.err()).doesNotContain(secretPart);
        assertThat(spike.nexus().requests()).isEmpty();
    }

    @Test
    void noInputIsAUsageError() {
        PilotHarness.Result restore = spike.stdin("").run("restore");
        assertThat(restore.exit()).isEqualTo(2);
        assertThat(restore.err()).startsWith("spike: no shard given");
    }

    @Test
    void aShardOfAnotherKeyIsRefusedByNexusAndNamedByItsIdOnly() {
        spike.nexus().state("RESTORE_REQUIRED");
        String other = "spike:2:" + "01".repeat(32);
        PilotHarness.Result restore = spike.stdin(other).run("restore");
        assertThat(restore.exit()).isEqualTo(1);
        assertThat(restore.err()).startsWith("spike: Nexus refused shard 2: it does not belong to this SPIKE's root key")
                .doesNotContain("0101");
    }

    @Test
    void restoreWhileReadyIsAConflictThatChangesNothing() {
        PilotHarness.Result restore = spike.stdin(shardTexts().get(0)).run("restore");
        assertThat(restore.exit()).isEqualTo(1);
        assertThat(restore.err()).isEqualTo("spike: Nexus already has its root key (READY): there is nothing to restore;"
                + " see `spike status`\n");
    }

    @Test
    void restoreWithoutTheRestoreRoleNamesTheScriptToRun() {
        spike.nexus().failWith(new SpikeException(ErrorCode.UNAUTHORIZED, "the server answered 401 access_unauthorized"));
        PilotHarness.Result restore = spike.stdin(shardTexts().get(0)).run("restore");
        assertThat(restore.exit()).isEqualTo(4);
        assertThat(restore.err()).contains("hack/spire-server-entry-restore-register.sh").hasLineCount(1);
    }
}
