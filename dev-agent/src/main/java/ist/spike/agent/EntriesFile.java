package ist.spike.agent;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import ist.spike.core.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes {@code entries.json}. The default registrations are those of DESIGN §2: Pilot on
 * the default Workload API socket, Nexus, Keeper and a demo workload under {@code ~/.spike/agent/}.
 */
public final class EntriesFile {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private EntriesFile() {
    }

    public static Entries read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AgentException(file + " does not exist; run `bin/spike-dev-agent run` once to create it");
        } catch (IOException e) {
            throw new AgentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(file, bytes);
    }

    static Entries parse(Path file, byte[] bytes) {
        try {
            Entries entries = JSON.readValue(bytes, Entries.class);
            if (entries == null) {
                throw new AgentException(file + " is empty");
            }
            return entries;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            throw new AgentException(file + ": " + (cause instanceof AgentException ? cause.getMessage() : e.getOriginalMessage()), e);
        } catch (JacksonException e) {
            throw new AgentException(file + " is not valid entries JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new AgentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static void write(Path file, Entries entries) {
        try {
            PrivateFiles.writeAtomically(file, JSON.writeValueAsBytes(entries));
        } catch (IOException e) {
            throw new AgentException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The registrations {@code hack/start.sh} expects. */
    public static Entries defaults(AgentPaths paths, Path pilotSocket, String trustDomain) {
        String base = "spiffe://" + trustDomain;
        return new Entries(trustDomain, List.of(
                new Entry("pilot", pilotSocket.toString(), base + "/spike/pilot/role/superuser"),
                new Entry("nexus", paths.socket("nexus").toString(), base + "/spike/nexus"),
                new Entry("keeper", paths.socket("keeper").toString(), base + "/spike/keeper"),
                new Entry("workload", paths.socket("workload").toString(), base + "/workload/demo")));
    }
}
