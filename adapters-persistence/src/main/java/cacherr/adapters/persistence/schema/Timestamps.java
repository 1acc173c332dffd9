package cacherr.adapters.persistence.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * The one stored form of an instant: fixed-width UTC text {@code YYYY-MM-DDTHH:MM:SS.ffffffZ}. Fixed width means text
 * order is time order, so SQL compares and sorts it as an instant; text keeps the database readable with the sqlite3
 * shell; six digits hold everything the domain keeps (it truncates to microseconds).
 */
public final class Timestamps {
    private static final DateTimeFormatter CANONICAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** ISO date-time with 'T' or ' ', an optional fraction of any length, and an optional offset or 'Z'. */
    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return instant == null ? null : CANONICAL.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    public static Instant parse(String text) {
        if (text == null) return null;
        Instant fast = parseCanonical(text);
        return fast != null ? fast : Instant.from(CANONICAL.parse(text));
    }

    /**
     * The canonical form read by hand: an export parses half a million of them, and the formatter took about a
     * third of its time. Null when the text is not exactly canonical (the formatter then decides, or says why not).
     */
    private static Instant parseCanonical(String t) {
        if (t.length() != 27 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(19) != '.' || t.charAt(26) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4), month = digits(t, 5, 7), day = digits(t, 8, 10);
        int hour = digits(t, 11, 13), minute = digits(t, 14, 16), second = digits(t, 17, 19);
        int micros = digits(t, 20, 26);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || micros < 0) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, micros * 1000L);
    }

    /** The decimal number in {@code [from, to)}, or -1 when a character there is no digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Any form the original Cacherr wrote ({@code isoformat()} with or without a fraction, SQLite's
     * {@code YYYY-MM-DD HH:MM:SS}) in canonical form. Text without an offset is UTC: both writers of the original
     * used UTC. Null stays null; text that is no date-time is refused, never guessed.
     */
    public static String canonical(String legacy) {
        if (legacy == null) return null;
        String text = legacy.trim();
        String fast = canonicalByHand(text);
        if (fast != null) return fast;
        try {
            var parsed = LENIENT.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            Instant instant = parsed instanceof OffsetDateTime
                    ? ((OffsetDateTime) parsed).toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return format(instant);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp: '" + legacy + "'", e);
        }
    }

    /**
     * {@link #canonical} of the SQL expression {@code value} as SQL, for a migration's copies: the form the original
     * wrote for nearly every row ({@code YYYY-MM-DDTHH:MM:SS.ffffff+00:00}) and SQLite's own ({@code YYYY-MM-DD
     * HH:MM:SS}, its {@code created_at}), each with a day its month has (the 29th of February aside: a leap year is
     * left to Java) and an hour up to 23, are rewritten by SQLite itself (the 29th to 31st went to Java too until the
     * sixth round: 7 % of the log's rows), anything else goes to {@code canonical_ts} (this class, registered on the
     * migration's connection), which decides as before. A call into Java per row cost ~2 µs: 1,000,000 log rows, ~2 s
     * of CPU (PERFORMANCE.md). The same text as {@link #canonical} for every input ({@code TimestampsTest}).
     */
    public static String canonicalInSql(String value) {
        String month = "substr(" + value + ", 6, 2)", day = "substr(" + value + ", 9, 2)";
        String inRange = " AND " + month + " BETWEEN '01' AND '12' AND (" + day + " BETWEEN '01' AND '28'"
                + " OR " + day + " IN ('29', '30') AND " + month + " <> '02'"
                + " OR " + day + " = '31' AND " + month + " IN ('01', '03', '05', '07', '08', '10', '12'))"
                + " AND substr(" + value + ", 12, 2) <= '23'";
        String date = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]";
        String time = "[0-9][0-9]:[0-5][0-9]:[0-5][0-9]";
        return "CASE WHEN " + value + " GLOB '" + date + "T" + time + ".[0-9][0-9][0-9][0-9][0-9][0-9]+00:00'" + inRange
                + " THEN substr(" + value + ", 1, 26) || 'Z'"
                + " WHEN " + value + " GLOB '" + date + " " + time + "'" + inRange
                + " THEN substr(" + value + ", 1, 10) || 'T' || substr(" + value + ", 12, 8) || '.000000Z'"
                + " ELSE canonical_ts(" + value + ") END";
    }

    /**
     * The forms the original wrote most, rewritten without parsing (a migration converts millions; the formatter
     * took ~3 µs each): {@code YYYY-MM-DD[T ]HH:MM:SS}, a fraction of 1–9 digits or none, then {@code +00:00},
     * {@code Z} or nothing (UTC). Null for anything else, or a date or time out of range: the formatter decides
     * those, as it always did. The result equals the formatter's (six digits, truncated).
     */
    static String canonicalByHand(String t) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != ' ')
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4), month = digits(t, 5, 7), day = digits(t, 8, 10);
        int hour = digits(t, 11, 13), minute = digits(t, 14, 16), second = digits(t, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int end = 19;
        StringBuilder micros = new StringBuilder(6);
        if (end < n && t.charAt(end) == '.') {
            end++;
            int start = end;
            while (end < n && t.charAt(end) >= '0' && t.charAt(end) <= '9') end++;
            if (end == start || end - start > 9) return null;
            micros.append(t, start, Math.min(end, start + 6));
        }
        String offset = t.substring(end);
        if (!offset.isEmpty() && !offset.equals("Z") && !offset.equals("+00:00")) return null;
        while (micros.length() < 6) micros.append('0');
        return t.substring(0, 10) + 'T' + t.substring(11, 19) + '.' + micros + 'Z';
    }
}
