package cacherr.adapters.web.dto;

import org.hibernate.validator.constraints.Range;

/** Query of {@code POST /api/cached/purge}: forget files removed more than this many days ago. */
public record PurgeParams(@Range(min = 0, max = 36500) int olderThanDays) {
    public static final int DEFAULT_DAYS = 30;

    /** How many records were purged. */
    public record PurgeData(int purgedCount, int olderThanDays) {
    }
}
