package ist.spike.core.config;

import java.time.Duration;
import java.util.Locale;

/** Durations as people write them in settings: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 2d} or ISO-8601. */
public final class Durations {
    private Durations() {
    }

    /**
     * The positive duration {@code text} names (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException saying what is accepted, for anything else (zero and negative too)
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            d = t.startsWith("p") ? Duration.parse(t.toUpperCase(Locale.ROOT)) : withUnit(t);
        } catch (RuntimeException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use e.g. 500ms, 5s, 2m, 1h or 2d");
        }
        return d;
    }

    private static Duration withUnit(String t) {
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> null;
        };
    }
}
