package ist.spike.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Wire records of {@code /v1/store/secrets} and {@code /v1/store/secrets/metadata}. Records that
 * carry secret values hide them from {@code toString}.
 */
public final class SecretMessages {
    private SecretMessages() {
    }

    /** Put: {@code {"path","values":{k:v}}}. */
    public record PutRequest(String path, Map<String, String> values) {
        public PutRequest {
            values = values == null ? null : Map.copyOf(values);
        }

        @Override
        public String toString() {
            return "PutRequest[path=" + path + ", values=" + (values == null ? "null" : values.size() + " redacted") + "]";
        }
    }

    /** Get: {@code {"path","version"?}}, version 0 or absent = current. */
    public record GetRequest(String path, Integer version) {
    }

    /** Get answer: {@code {"data":{k:v}}}. */
    public record GetResponse(Map<String, String> data) {
        public GetResponse {
            data = data == null ? null : Map.copyOf(data);
        }

        @Override
        public String toString() {
            return "GetResponse[data=" + (data == null ? "null" : data.size() + " redacted") + "]";
        }
    }

    /** Delete and undelete: {@code {"path","versions":[int]}}, empty = current. */
    public record VersionsRequest(String path, List<Integer> versions) {
        public VersionsRequest {
            versions = versions == null ? null : List.copyOf(versions);
        }
    }

    /** List answer: {@code {"keys":[sorted paths]}}. */
    public record ListResponse(List<String> keys) {
        public ListResponse {
            keys = keys == null ? null : List.copyOf(keys);
        }
    }

    /** Metadata answer: every kept version and the secret's metadata. */
    public record MetadataResponse(Map<String, VersionInfo> versions, Metadata metadata) {
        public MetadataResponse {
            versions = versions == null ? null : Map.copyOf(versions);
        }
    }

    /** One version's metadata; {@code deletedTime} is null while not deleted. */
    public record VersionInfo(Instant createdTime, int version, Instant deletedTime) {
    }

    /** A secret's metadata. */
    public record Metadata(int currentVersion, int oldestVersion, Instant createdTime, Instant updatedTime,
                           int maxVersions) {
    }
}
