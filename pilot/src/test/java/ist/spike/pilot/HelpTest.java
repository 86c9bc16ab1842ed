package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class HelpTest {
    @TempDir
    Path tmp;

    /** Every command of the tree, as the words that run it, e.g. {@code [secret, metadata, get]}. */
    static Stream<List<String>> commands() {
        PilotHarness harness = new PilotHarness(Path.of("/nonexistent"));
        PilotContext context = new PilotContext(harness.config(), () -> {
            throw new AssertionError("help must not connect");
        }, new Terminal(System.in, System.out, System.err, null));
        List<List<String>> all = new ArrayList<>();
        collect(PilotCli.create(context), new ArrayList<>(), all);
        return all.stream();
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> all) {
        all.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, all);
        });
    }

    @Test
    void theTreeHasEveryCommandOfTheDesign() {
        assertThat(commands().map(c -> String.join(" ", c))).contains("secret put", "secret get", "secret list",
                "secret delete", "secret undelete", "secret metadata get", "policy create", "policy apply", "policy get",
                "policy list", "policy delete", "cipher encrypt", "cipher decrypt", "status", "recover", "restore",
                "operator recover", "operator restore", "completion");
    }

    @ParameterizedTest(name = "spike {0} --help")
    @MethodSource("commands")
    void everyCommandHasHelpWithoutTouchingNexus(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        PilotHarness spike = new PilotHarness(tmp);
        PilotHarness.Result help = spike.run(args.toArray(String[]::new));
        assertThat(help.exit()).isZero();
        assertThat(spike.nexus().requests()).isEmpty();
        assertThat(help.out()).startsWith("Usage: spike" + (command.isEmpty() ? "" : " " + String.join(" ", command)));
        assertThat(help.err()).isEmpty();
    }

    @Test
    void versionAndCompletion() {
        PilotHarness spike = new PilotHarness(tmp);
        assertThat(spike.run("--version").out()).startsWith("spike 0.1.0");
        PilotHarness.Result completion = spike.run("completion");
        assertThat(completion.exit()).isZero();
        assertThat(completion.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_spike")
                .contains("policy").contains("--spiffeid-pattern");
        assertThat(spike.nexus().requests()).isEmpty();
    }
}
