package ist.spike.pilot.secret;

import ist.spike.core.api.SecretMessages.VersionsRequest;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.nexus.NexusApi;
import picocli.CommandLine.Command;

/** {@code spike secret undelete PATH [--versions 1,2]}. */
@Command(name = "undelete", mixinStandardHelpOptions = true,
        description = "Bring back soft-deleted versions of the secret at PATH.")
public final class SecretUndeleteCommand extends SecretVersionsCommand {
    public SecretUndeleteCommand(PilotContext context) {
        super(context);
    }

    @Override
    void send(NexusApi api, VersionsRequest request) {
        api.undeleteSecret(request);
    }

    @Override
    String done() {
        return "Undeleted";
    }
}
