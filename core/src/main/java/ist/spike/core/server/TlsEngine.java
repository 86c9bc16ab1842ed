package ist.spike.core.server;

import java.util.Locale;
import java.util.Map;

/**
 * Which TLS implementation the API servers use ({@code SPIKE_TLS_ENGINE}): BoringSSL through
 * netty-tcnative where its native library loads (the default), or the JDK's own.
 */
public enum TlsEngine {
    /** BoringSSL when it loads here, else the JDK (with a warning at start). */
    BORINGSSL,
    /** The JDK's TLS (SunJSSE), always available. */
    JDK;

    public static final String VARIABLE = "SPIKE_TLS_ENGINE";

    /** @throws IllegalArgumentException naming the variable when its value is neither engine */
    public static TlsEngine fromEnvironment(Map<String, String> env) {
        String text = env.getOrDefault(VARIABLE, "boringssl").strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "boringssl", "" -> BORINGSSL;
            case "jdk" -> JDK;
            default -> throw new IllegalArgumentException(VARIABLE + " must be boringssl or jdk, got '" + text + "'");
        };
    }
}
