package cacherr.adapters.web;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Typed query parameters: absent or blank is null, anything unparsable a 400 that names the parameter. A query string
 * with a broken percent-escape or bytes that are not UTF-8 is refused as a whole (the server would otherwise drop or
 * mangle the parameter silently), and so is a parameter given twice (taking either value would be a guess).
 */
final class QueryParams {
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final Context ctx;

    QueryParams(Context ctx) {
        this.ctx = ctx;
        requireReadable(ctx.queryString());
    }

    private static void requireReadable(String query) {
        if (query == null) return;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < query.length() ? Character.digit(query.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(query.charAt(i + 2), 16);
            if (low < 0) throw new BadRequestException("the query string has a broken percent-escape at position "
                    + i + ": every % must be followed by two hexadecimal digits");
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the query string is not valid UTF-8 once its percent-escapes are decoded");
        }
    }

    String text(String name) {
        if (ctx.queryParams(name).size() > 1) {
            throw new BadRequestException(name + ": given more than once; give it once");
        }
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    Integer integer(String name) {
        String value = text(name);
        if (value == null) return null;
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + ": must be a whole number, not '" + value + "'");
        }
    }

    Long whole(String name) {
        String value = text(name);
        if (value == null) return null;
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + ": must be a whole number, not '" + value + "'");
        }
    }

    boolean bool(String name, boolean fallback) {
        String value = text(name);
        if (value == null) return fallback;
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new BadRequestException(name + ": must be true or false, not '" + value + "'");
        }
    }

    Boolean optionalBool(String name) {
        return text(name) == null ? null : bool(name, false);
    }

    /** An ISO-8601 instant, date-time with offset, date-time without one (UTC), or date (midnight UTC). */
    Instant instant(String name) {
        return instant(name, false);
    }

    /** Like {@link #instant(String)}, but a plain date stands for the last microsecond of that day (UTC). */
    Instant endInstant(String name) {
        return instant(name, true);
    }

    private Instant instant(String name, boolean endOfDay) {
        return instant(name, text(name), endOfDay);
    }

    /** {@code value} read as a query parameter's date or time is (null stays null); a 400 naming {@code name}. */
    static Instant instant(String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) return null;
        value = value.strip();
        try {
            Instant instant = value.length() == 10 ? dayBoundary(LocalDate.parse(value), endOfDay) : dateTime(value);
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new BadRequestException(name + ": must be between the years 1 and 9999, not '" + value + "'");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + ": must be an ISO-8601 date or time such as 2026-01-31 or "
                    + "2026-01-31T18:00:00Z, not '" + value + "'");
        }
    }

    /** With an offset as given; without one (as Python's {@code fromisoformat} writes them) read as UTC. */
    private static Instant dateTime(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        }
    }

    private static Instant dayBoundary(LocalDate day, boolean endOfDay) {
        Instant start = (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        return endOfDay ? start.minusNanos(1000) : start;
    }
}
