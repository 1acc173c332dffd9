package cacherr.adapters.web.dto;

import cacherr.application.port.in.RecordAccessCommand;
import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/cached/files/{id}/access}; optional: who played the file, when known. */
public record AccessRequest(@Size(max = 200) String userId) {
    public static final AccessRequest DEFAULTS = new AccessRequest(null);

    public RecordAccessCommand toCommand(FileId id) {
        return new RecordAccessCommand(id, UserId.ofNullable(userId));
    }
}
