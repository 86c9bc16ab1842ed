package ist.spike.pilot.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import ist.spike.pilot.failure.PilotException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a policy file: YAML, or JSON (which YAML reads too), with the fields {@code name},
 * {@code spiffeidPattern}, {@code pathPattern} and {@code permissions} (a list, or one
 * comma-separated string). Unknown fields are errors, so a typo never silently drops a restriction.
 */
final class PolicyFile {
    static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PolicyFile() {
    }

    static PolicyDraft read(Path file) {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw PilotException.usage("there is no policy file " + file);
        } catch (IOException e) {
            throw PilotException.failed("cannot read policy file " + file + ": " + e.getMessage(), e);
        }
        if (content.length > MAX_BYTES) {
            throw PilotException.usage(file + " is larger than " + MAX_BYTES / 1024 + " KiB; a policy file is a few lines");
        }
        return parse(file.toString(), content);
    }

    static PolicyDraft parse(String name, byte[] content) {
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw PilotException.usage(name + " is empty: write name, spiffeidPattern, pathPattern and permissions");
        }
        try {
            PolicyDraft draft = YAML.readValue(content, PolicyDraft.class);
            if (draft == null) {
                throw PilotException.usage(name + " is empty: write name, spiffeidPattern, pathPattern and permissions");
            }
            return draft;
        } catch (UnrecognizedPropertyException e) {
            throw PilotException.usage(name + " has an unknown field '" + e.getPropertyName()
                    + "': a policy has name, spiffeidPattern, pathPattern and permissions");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw PilotException.usage(name + " is not a policy in YAML or JSON" + (at == null ? "" : " (line "
                    + at.getLineNr() + ")") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw PilotException.failed("cannot read policy file " + name + ": " + e.getMessage(), e);
        }
    }
}
