package cacherr.adapters.persistence.schema;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
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
        return text == null ? null : Instant.from(CANONICAL.parse(text));
    }

    /**
     * Any form the original Cacherr wrote ({@code isoformat()} with or without a fraction, SQLite's
     * {@code YYYY-MM-DD HH:MM:SS}) in canonical form. Text without an offset is UTC: both writers of the original
     * used UTC. Null stays null; text that is no date-time is refused, never guessed.
     */
    public static String canonical(String legacy) {
        if (legacy == null) return null;
        String text = legacy.trim();
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
}
