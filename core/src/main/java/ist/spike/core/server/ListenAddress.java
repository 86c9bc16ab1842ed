package ist.spike.core.server;

/** A listen address in SPIKE's {@code [host]:port} form, e.g. {@code :8553} (all interfaces). */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        host = host == null ? "" : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
    }

    /**
     * Parses {@code :8553}, {@code 127.0.0.1:8553} or {@code 8553}.
     *
     * @throws IllegalArgumentException naming {@code variable} when the text is not an address
     */
    public static ListenAddress parse(String variable, String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? "" : t.substring(0, colon);
        String port = colon < 0 ? t : t.substring(colon + 1);
        try {
            return new ListenAddress(host, Integer.parseInt(port));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " must look like :8553 or 127.0.0.1:8553, got '" + text + "'");
        }
    }

    /** Host to bind, or null for all interfaces. */
    public String bindHost() {
        return host.isEmpty() ? null : host;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
