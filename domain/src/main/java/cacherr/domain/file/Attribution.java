package cacherr.domain.file;

import static cacherr.domain.error.InvalidInputException.require;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A user a file was cached for, why, and since when. */
public record Attribution(UserId user, String reason, Instant attributedAt) {
    public static final int MAX_REASON_LENGTH = 500;

    public Attribution {
        require(user != null, "attribution needs a user");
        reason = Texts.requireText("reason", reason, MAX_REASON_LENGTH);
        require(attributedAt != null, "attribution needs a time");
        attributedAt = attributedAt.truncatedTo(ChronoUnit.MICROS);
    }
}
