package ist.spike.operator.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request to the Kubernetes API, read the way the API server's authorizer reads it: verb, API
 * group, resource, subresource, namespace and name (Kubernetes' RequestInfo), plus the body.
 *
 * @param group {@code ""} for the core group; null for a non-resource URL such as {@code /version}
 * @param namespace null for a cluster-scoped request
 * @param name null for a list, a watch or a create without a name in the path
 */
public record ApiRequest(String verb, String group, String resource, String subresource, String namespace,
                         String name, String path, String contentType, String body) {

    /** Reads a request as the API server's {@code RequestInfoFactory} does. */
    public static ApiRequest of(String method, String pathAndQuery, String contentType, String body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> query = query(q < 0 ? "" : pathAndQuery.substring(q + 1));
        List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        int at;
        String group;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            at = 2;
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            at = 3;
        } else {
            return new ApiRequest(method.toLowerCase(), null, null, null, null, null, path, contentType, body);
        }
        List<String> rest = parts.subList(at, parts.size());
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        } else if (rest.size() == 2 && rest.get(0).equals("namespaces")) {
            // GET /api/v1/namespaces/x is the namespace x itself.
            return new ApiRequest(verb(method, true, query), group, "namespaces", null, null, rest.get(1), path,
                    contentType, body);
        }
        if (rest.isEmpty()) {
            // Discovery of a group version, like GET /apis/apps/v1.
            return new ApiRequest(method.toLowerCase(), null, null, null, null, null, path, contentType, body);
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        return new ApiRequest(verb(method, name != null, query), group, resource, subresource, namespace, name, path,
                contentType, body);
    }

    /** {@code resource} or {@code resource/subresource}, as RBAC rules name it. */
    public String rbacResource() {
        return subresource == null ? resource : resource + "/" + subresource;
    }

    public boolean isResourceRequest() {
        return resource != null;
    }

    private static String verb(String method, boolean named, Map<String, String> query) {
        return switch (method) {
            case "GET", "HEAD" -> named ? "get" : "true".equals(query.get("watch")) ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
    }

    private static Map<String, String> query(String text) {
        Map<String, String> out = new HashMap<>();
        for (String pair : text.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        if (!isResourceRequest()) {
            return verb + " " + path;
        }
        return verb + " " + (group.isEmpty() ? "core" : group) + "/" + rbacResource()
                + (namespace == null ? "" : " in " + namespace) + (name == null ? "" : " named " + name);
    }
}
