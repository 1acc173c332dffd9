package cacherr.adapters.web.dto;

import cacherr.application.port.in.CleanupCommand;
import cacherr.domain.file.UserId;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/cached/cleanup}; optional, every field defaults to false / all users. */
public record CleanupRequest(Boolean removeOrphaned, Boolean dryRun, @Size(max = 200) String userId) {
    public static final CleanupRequest DEFAULTS = new CleanupRequest(false, false, null);

    public CleanupCommand toCommand() {
        return new CleanupCommand(Boolean.TRUE.equals(removeOrphaned), Boolean.TRUE.equals(dryRun),
                UserId.ofNullable(userId));
    }
}
