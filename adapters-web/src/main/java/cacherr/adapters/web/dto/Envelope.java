package cacherr.adapters.web.dto;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Every JSON answer: all five keys, always. On failure {@code data} is null and {@code error} says why. */
public record Envelope(boolean success, String message, Object data, String error, Instant timestamp) {
    public static Envelope ok(Object data, String message) {
        return new Envelope(true, message, data, null, now());
    }

    public static Envelope failure(String error) {
        return new Envelope(false, null, null, error, now());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
