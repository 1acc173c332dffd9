package cacherr.application.port.in;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.UserId;

/** Statistics of {@code user} over the last {@code days} days (1..3650, 30 by default in the API). */
public record UserStatisticsQuery(UserId user, int days) {
    public static final int MAX_DAYS = 3650;

    public UserStatisticsQuery {
        require(user != null, "user_id is required");
        require(days >= 1 && days <= MAX_DAYS, "days must be between 1 and " + MAX_DAYS + ", not " + days);
    }
}
