package cacherr.adapters.web.dto;

import cacherr.application.port.in.UserStatisticsQuery;
import cacherr.domain.file.UserId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.Range;

/** Path and query of {@code GET /api/cached/users/{user_id}/stats}. */
public record UserStatsParams(@NotBlank @Size(max = 200) String userId,
                              @Range(min = 1, max = UserStatisticsQuery.MAX_DAYS) int days) {
    public static final int DEFAULT_DAYS = 30;

    public UserStatisticsQuery toQuery() {
        return new UserStatisticsQuery(new UserId(userId), days);
    }
}
