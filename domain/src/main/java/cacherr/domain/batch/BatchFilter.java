package cacherr.domain.batch;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.UserId;
import cacherr.domain.query.Paging;
import java.time.Instant;

/**
 * Which batch operations a listing selects, newest first. Every part but the paging is optional (null: any).
 *
 * @param user       the user who triggered them
 * @param action     what they do
 * @param since      started at or after
 * @param until      started at or before
 * @param activeOnly pending or running ones only
 */
public record BatchFilter(UserId user, BatchAction action, Instant since, Instant until, boolean activeOnly,
                          Paging paging) {
    public static final BatchFilter LATEST = new BatchFilter(null, null, null, null, false, Paging.FIRST);

    public BatchFilter {
        require(paging != null, "a batch listing needs its paging");
        require(since == null || until == null || !since.isAfter(until), "start_date must not be after end_date");
    }

    /** Whether {@code batch} is selected (paging aside). */
    public boolean matches(BatchOperation batch) {
        return (user == null || user.equals(batch.triggeredByUser()))
                && (action == null || action == batch.action())
                && (since == null || !batch.startedAt().isBefore(since))
                && (until == null || !batch.startedAt().isAfter(until))
                && (!activeOnly || batch.status().active());
    }
}
