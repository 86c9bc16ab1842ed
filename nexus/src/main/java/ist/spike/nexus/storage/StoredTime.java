package ist.spike.nexus.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Times as the database stores them: the text of {@link Instant#toString()} (UTC, seconds, then
 * 3, 6 or 9 fraction digits when there is a fraction). Reading a secret turns a dozen of them back
 * into instants; {@code Instant.parse} goes through a general formatter and cost more than the
 * rest of a read, so the usual shape (years 0000-9999) is read and written here directly. Any
 * other text falls back to the JDK, which also gives the error for text that is no instant.
 */
public final class StoredTime {
    private static final int SECONDS_PER_DAY = 86_400;
    /** The days written here directly: years 0000 to 9999, as {@code Instant.toString} writes them. */
    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private StoredTime() {
    }

    /** The same text as {@code instant.toString()}. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        if (day < FIRST_DAY || day > LAST_DAY) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        StringBuilder out = new StringBuilder(30);
        digits(out, date.getYear(), 4).append('-');
        digits(out, date.getMonthValue(), 2).append('-');
        digits(out, date.getDayOfMonth(), 2).append('T');
        digits(out, secondOfDay / 3600, 2).append(':');
        digits(out, secondOfDay / 60 % 60, 2).append(':');
        digits(out, secondOfDay % 60, 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(out, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(out, nanos / 1_000, 6);
            } else {
                digits(out, nanos, 9);
            }
        }
        return out.append('Z').toString();
    }

    /**
     * The instant {@code text} names.
     *
     * @throws DateTimeParseException when it names none
     */
    public static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return Instant.parse(text);
        }
        // "uuuu-MM-ddTHH:mm:ssZ" is 20 characters; a fraction adds a dot and 3, 6 or 9 digits.
        int fractionDigits = length == 20 ? 0 : length - 21;
        if (fractionDigits != 0 && (text.charAt(19) != '.' || fractionDigits % 3 != 0 || fractionDigits > 9
                || fractionDigits < 0)) {
            return Instant.parse(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int fraction = fractionDigits == 0 ? 0 : number(text, 20, fractionDigits);
        if ((year | month | day | hour | minute | second | fraction) < 0 || month < 1 || month > 12 || day < 1
                || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return Instant.parse(text);
        }
        int nanos = fraction * (fractionDigits == 3 ? 1_000_000 : fractionDigits == 6 ? 1_000 : 1);
        try {
            return LocalDate.of(year, month, day).atTime(LocalTime.of(hour, minute, second, nanos)).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return Instant.parse(text); // a 30th of February, say: the JDK words the error
        }
    }

    /** The decimal number in {@code text[from, from + count)}, or -1 when a character is no digit. */
    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
    }
}
