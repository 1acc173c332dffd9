package cacherr.adapters.web;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Typed query parameters: absent or blank is null, anything unparsable a 400 that names the parameter. */
final class QueryParams {
    private final Context ctx;

    QueryParams(Context ctx) {
        this.ctx = ctx;
    }

    String text(String name) {
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

    /** An ISO-8601 instant, date-time with offset, or date (midnight UTC). */
    Instant instant(String name) {
        String value = text(name);
        if (value == null) return null;
        try {
            if (value.length() == 10) return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + ": must be an ISO-8601 date or time such as 2026-01-31 or "
                    + "2026-01-31T18:00:00Z, not '" + value + "'");
        }
    }
}
