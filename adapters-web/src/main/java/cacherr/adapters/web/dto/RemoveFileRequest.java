package cacherr.adapters.web.dto;

import cacherr.application.port.in.UncacheCommand;
import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code DELETE /api/cached/files/{id}}; every field is optional, and so is the body. {@code keep_both}: when
 * the cached copy differs from the file at the media path, rename the copy aside on the cache instead of refusing.
 */
public record RemoveFileRequest(@Size(max = 500) String reason, @Size(max = 200) String userId, Boolean keepBoth) {
    public static final RemoveFileRequest DEFAULTS = new RemoveFileRequest(null, null, null);

    public UncacheCommand toCommand(FileId id) {
        return new UncacheCommand(id, reason, UserId.ofNullable(userId), Boolean.TRUE.equals(keepBoth));
    }
}
