package ist.spike.pilot.secret;

import ist.spike.core.api.SecretMessages.GetRequest;
import ist.spike.core.api.SecretMessages.Metadata;
import ist.spike.core.api.SecretMessages.MetadataResponse;
import ist.spike.core.api.SecretMessages.VersionInfo;
import ist.spike.pilot.HelpOption;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.failure.FailureHints;
import ist.spike.pilot.output.Fields;
import ist.spike.pilot.output.FormatOption;
import ist.spike.pilot.output.Printer;
import ist.spike.pilot.output.Table;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spike secret metadata get PATH [--version N]}. */
@Command(name = "get", description = "Print the versions and metadata of the secret at PATH (never values).")
public final class SecretMetadataGetCommand implements Callable<Integer>, FailureHints {
    private final PilotContext context;

    @Mixin
    HelpOption help;

    @Mixin
    FormatOption format;

    @Parameters(index = "0", paramLabel = "PATH", description = "Secret path.")
    String path;

    @Option(names = "--version", paramLabel = "N", description = "Version to ask about (default: the current one).")
    Integer version;

    public SecretMetadataGetCommand(PilotContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** The answer, versions in numeric order. */
    record MetadataView(Map<String, VersionInfo> versions, Metadata metadata) {
    }

    @Override
    public Integer call() {
        String checked = SecretArguments.path(path);
        MetadataResponse response = context.nexus().get().getSecretMetadata(new GetRequest(checked, SecretArguments.version(version)));
        Map<String, VersionInfo> versions = new LinkedHashMap<>();
        if (response.versions() != null) {
            response.versions().entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, VersionInfo> e) -> e.getValue().version()))
                    .forEach(e -> versions.put(e.getKey(), e.getValue()));
        }
        new Printer(context.terminal().out(), format.format())
                .print(new MetadataView(versions, response.metadata()), view -> human(checked, view));
        return 0;
    }

    private static String human(String path, MetadataView view) {
        Fields fields = new Fields().add("Path", path);
        Metadata m = view.metadata();
        if (m != null) {
            fields.add("Current version", m.currentVersion())
                    .add("Oldest version", m.oldestVersion())
                    .add("Created", m.createdTime())
                    .add("Updated", m.updatedTime())
                    .add("Max versions", m.maxVersions());
        }
        Table table = new Table("VERSION", "CREATED", "DELETED");
        view.versions().values().forEach(v -> table.row(v.version(), v.createdTime(), v.deletedTime()));
        return fields.render() + "\n" + table.render();
    }

    @Override
    public String unauthorized() {
        return FailureHints.needsPolicy("read on " + path, context.config().roleSwitch());
    }

    @Override
    public String notFound() {
        return "not found: there is no secret at " + path + (version == null ? "" : " with version " + version)
                + ": see `spike secret list`";
    }
}
