package cacherr.application.port.in;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.Attribution;
import cacherr.domain.file.FileId;
import cacherr.domain.file.Texts;
import cacherr.domain.file.UserId;

/** Take file {@code id} off the cache; {@code reason} defaults to {@code manual}, {@code user} may be null. */
public record UncacheCommand(FileId id, String reason, UserId user) {
    public UncacheCommand {
        require(id != null, "a file id is required");
        reason = reason == null || reason.isBlank() ? "manual" : Texts.requireText("reason", reason, Attribution.MAX_REASON_LENGTH);
    }
}
