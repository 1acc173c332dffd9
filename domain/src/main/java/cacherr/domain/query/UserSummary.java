package cacherr.domain.query;

import cacherr.domain.file.UserId;
import java.time.Instant;

/**
 * A user with what is on the cache for them (removed files excluded).
 *
 * @param user           the user
 * @param files          files attributed to the user
 * @param activeFiles    of those, files in status active
 * @param totalSizeBytes their size
 * @param lastAttributed when a file was last attributed to the user
 */
public record UserSummary(UserId user, long files, long activeFiles, long totalSizeBytes, Instant lastAttributed) {
}
