package ist.spike.pilot.secret;

import ist.spike.core.api.SecretMessages.VersionsRequest;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.nexus.NexusApi;
import picocli.CommandLine.Command;

/** {@code spike secret delete PATH [--versions 1,2]}: soft delete; {@code undelete} brings versions back. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Soft-delete versions of the secret at PATH; `spike secret undelete` brings them back.")
public final class SecretDeleteCommand extends SecretVersionsCommand {
    public SecretDeleteCommand(PilotContext context) {
        super(context);
    }

    @Override
    void send(NexusApi api, VersionsRequest request) {
        api.deleteSecret(request);
    }

    @Override
    String done() {
        return "Deleted";
    }
}
