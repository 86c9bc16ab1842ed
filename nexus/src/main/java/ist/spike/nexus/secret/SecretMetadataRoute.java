package ist.spike.nexus.secret;

import ist.spike.core.api.SecretMessages.GetRequest;
import ist.spike.core.api.SecretMessages.Metadata;
import ist.spike.core.api.SecretMessages.MetadataResponse;
import ist.spike.core.api.SecretMessages.VersionInfo;
import ist.spike.core.server.ApiCall;
import ist.spike.core.server.JsonRoute;
import ist.spike.core.server.RouteKey;
import ist.spike.nexus.policy.Guards;
import ist.spike.nexus.policy.Permission;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/store/secrets/metadata?action=get}: every kept version's times and the secret's
 * metadata, never data; needs {@code read}. A version in the request narrows the answer to it.
 */
public final class SecretMetadataRoute extends JsonRoute<GetRequest, MetadataResponse> {
    private final SecretService secrets;

    public SecretMetadataRoute(SecretService secrets, Guards guards) {
        super(new RouteKey("/v1/store/secrets/metadata", "get"), GetRequest.class,
                guards.onPath(GetRequest::path, Permission.READ));
        this.secrets = secrets;
    }

    @Override
    protected String auditPath(GetRequest request) {
        SecretVersions.requireVersion(request.version());
        return SecretPaths.requirePath(request.path());
    }

    @Override
    protected MetadataResponse act(ApiCall call, GetRequest request) {
        Secret secret = secrets.metadata(request.path());
        int only = SecretVersions.orCurrent(request.version());
        Map<String, VersionInfo> versions = new LinkedHashMap<>();
        secret.versions().values().stream()
                .filter(v -> only == 0 || v.version() == only)
                .forEach(v -> versions.put(String.valueOf(v.version()),
                        new VersionInfo(v.createdTime(), v.version(), v.deletedTime())));
        SecretMetadata m = secret.metadata();
        return new MetadataResponse(versions, new Metadata(m.currentVersion(), m.oldestVersion(), m.createdTime(),
                m.updatedTime(), m.maxVersions()));
    }
}
