package cacherr.domain.audit;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.Metadata;
import cacherr.domain.file.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One line of the audit log: what was tried, by whom, why, and whether it worked.
 *
 * @param id           unique id of the entry
 * @param action       what was done
 * @param filePath     the media path concerned (or a description such as {@code cache} for whole-cache operations)
 * @param triggeredBy  the operation or component that asked ({@code api}, {@code watchlist}, {@code startup}, …)
 * @param user         the user on whose behalf, or null
 * @param reason       why
 * @param success      whether it worked
 * @param errorMessage what went wrong, or null on success
 * @param metadata     details as a JSON object, or null
 * @param timestamp    when
 */
public record AuditEntry(String id, AuditAction action, String filePath, String triggeredBy, UserId user,
                         String reason, boolean success, String errorMessage, Metadata metadata, Instant timestamp) {
    public AuditEntry {
        require(id != null && !id.isBlank(), "an audit entry needs an id");
        require(action != null, "an audit entry needs an action");
        require(filePath != null && !filePath.isBlank(), "an audit entry needs a file path");
        require(triggeredBy != null && !triggeredBy.isBlank(), "an audit entry needs what triggered it");
        require(reason != null && !reason.isBlank(), "an audit entry needs a reason");
        require(success == (errorMessage == null), "an audit entry has an error message exactly when it failed");
        require(timestamp != null, "an audit entry needs a time");
        timestamp = timestamp.truncatedTo(ChronoUnit.MICROS);
    }
}
