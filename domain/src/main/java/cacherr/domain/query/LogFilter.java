package cacherr.domain.query;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.audit.AuditAction;
import cacherr.domain.file.UserId;
import java.time.Instant;

/**
 * Which audit-log entries to list, newest first (ties broken by id). Every criterion is optional.
 *
 * @param action   the operation type
 * @param user     the user
 * @param filePath the exact media path
 * @param success  only successes (true) or failures (false)
 * @param since    at or after this time
 * @param until    before this time
 * @param paging   the slice
 */
public record LogFilter(AuditAction action, UserId user, String filePath, Boolean success, Instant since,
                        Instant until, Paging paging) {
    public static final LogFilter LATEST = new LogFilter(null, null, null, null, null, null, Paging.FIRST);

    public LogFilter {
        require(paging != null, "a log filter needs paging");
        require(since == null || until == null || !since.isAfter(until), "since must not be after until");
        if (filePath != null && filePath.isBlank()) filePath = null;
    }
}
