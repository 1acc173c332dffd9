package cacherr.adapters.web.dto;

import cacherr.application.port.in.AttributeUserCommand;
import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /api/cached/files/{id}/users/{user_id}}; optional. */
public record AttributeUserRequest(@Size(max = 500) String reason) {
    public static final AttributeUserRequest DEFAULTS = new AttributeUserRequest(null);

    public AttributeUserCommand toCommand(FileId id, UserId user) {
        return new AttributeUserCommand(id, user, reason);
    }
}
