package ist.spike.pilot;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spike completion}: the bash (and zsh) completion script, for {@code source <(spike completion)}. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the bash completion script.",
            "Use: source <(spike completion), or save it as /etc/bash_completion.d/spike. zsh reads it too after"
                    + " `autoload -U bashcompinit && bashcompinit`."})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("spike", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
