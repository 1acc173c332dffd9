package cacherr.application.port.in;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.Attribution;
import cacherr.domain.file.FileId;
import cacherr.domain.file.Texts;
import cacherr.domain.file.UserId;

/**
 * Take file {@code id} off the cache; {@code reason} defaults to {@code manual}, {@code user} may be null.
 *
 * @param keepBoth when the cached copy and the file at the media path differ (the original was replaced while it was
 *                 cached, or the copy was edited), keep both: the cached copy is renamed aside on the cache instead of
 *                 the removal being refused
 */
public record UncacheCommand(FileId id, String reason, UserId user, boolean keepBoth) {
    public UncacheCommand {
        require(id != null, "a file id is required");
        reason = reason == null || reason.isBlank() ? "manual" : Texts.requireText("reason", reason, Attribution.MAX_REASON_LENGTH);
    }

    public UncacheCommand(FileId id, String reason, UserId user) {
        this(id, reason, user, false);
    }
}
