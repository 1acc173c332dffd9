package cacherr.adapters.web.dto;

import cacherr.domain.file.ByteSizes;
import cacherr.domain.query.UserSummary;
import java.time.Instant;
import java.util.List;

/** A user with what is on the cache for them. */
public record UserInfo(String userId, long totalFiles, long activeFiles, long totalSizeBytes, String totalSizeReadable,
                       Instant lastAttributedAt) {
    public static UserInfo from(UserSummary user) {
        return new UserInfo(user.user().value(), user.files(), user.activeFiles(), user.totalSizeBytes(),
                ByteSizes.humanReadable(user.totalSizeBytes()), user.lastAttributed());
    }

    /** Every user, and how many. */
    public record UsersData(List<UserInfo> users, int totalCount) {
        public static UsersData from(List<UserSummary> users) {
            return new UsersData(users.stream().map(UserInfo::from).toList(), users.size());
        }
    }
}
