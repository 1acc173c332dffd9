package cacherr.application.port.in;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.Attribution;
import cacherr.domain.file.FileId;
import cacherr.domain.file.Texts;
import cacherr.domain.file.UserId;

/** Attribute file {@code id} to {@code user} because of {@code reason} (defaults to the file's operation). */
public record AttributeUserCommand(FileId id, UserId user, String reason) {
    public AttributeUserCommand {
        require(id != null, "a file id is required");
        require(user != null, "user_id is required");
        if (reason != null && reason.isBlank()) reason = null;
        if (reason != null) Texts.requireText("reason", reason, Attribution.MAX_REASON_LENGTH);
    }
}
