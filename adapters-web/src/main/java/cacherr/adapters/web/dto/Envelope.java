package cacherr.adapters.web.dto;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Every JSON answer: all five keys, always. On failure {@code data} is null and {@code error} says why. Its
 * {@code timestamp} is the application's time when the answer was made ({@code Cacherr.clock()}), to the second.
 */
public record Envelope(boolean success, String message, Object data, String error, Instant timestamp) {
    public static Envelope ok(Object data, String message, Instant at) {
        return new Envelope(true, message, data, null, at.truncatedTo(ChronoUnit.SECONDS));
    }

    public static Envelope failure(String error, Instant at) {
        return new Envelope(false, null, null, error, at.truncatedTo(ChronoUnit.SECONDS));
    }
}
