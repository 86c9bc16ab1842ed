package ist.spike.core.server;

/** Where a call goes: the URL path and the {@code ?action=} value ("" when there is none). */
public record RouteKey(String path, String action) {
    public RouteKey {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/': " + path);
        }
        action = action == null ? "" : action;
    }

    public static RouteKey of(String path) {
        return new RouteKey(path, "");
    }

    @Override
    public String toString() {
        return action.isEmpty() ? path : path + "?action=" + action;
    }
}
