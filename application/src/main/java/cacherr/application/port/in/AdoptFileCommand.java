package cacherr.application.port.in;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.Attribution;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Texts;
import cacherr.domain.file.UserId;

/** Start tracking a file already placed on the cache with {@code method} (by an earlier version, or by hand). */
public record AdoptFileCommand(String filePath, CacheMethod method, OperationType operation, UserId user,
                               String reason, Metadata metadata) {
    public AdoptFileCommand {
        filePath = Texts.canonicalPath("file_path", filePath);
        require(method != null, "cache_method is required to adopt a file");
        require(operation != null, "triggered_by_operation is required");
        if (reason != null && reason.isBlank()) reason = null;
        if (reason != null) Texts.requireText("reason", reason, Attribution.MAX_REASON_LENGTH);
    }
}
