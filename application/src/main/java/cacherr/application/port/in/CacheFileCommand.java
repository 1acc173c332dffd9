package cacherr.application.port.in;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.Attribution;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Texts;
import cacherr.domain.file.UserId;

/**
 * Place the file at {@code filePath} on the cache.
 *
 * @param filePath  the media path, inside an array root; kept in its canonical spelling (see {@link Texts#canonicalPath})
 * @param operation why it is cached
 * @param user      for whom, or null for a system operation
 * @param reason    a few words on why (defaults to the operation's name)
 * @param method    how, or null for the configured default
 * @param metadata  a JSON object to keep with the file, or null
 */
public record CacheFileCommand(String filePath, OperationType operation, UserId user, String reason,
                               CacheMethod method, Metadata metadata) {
    public CacheFileCommand {
        filePath = Texts.canonicalPath("file_path", filePath);
        require(operation != null, "triggered_by_operation is required");
        if (reason != null && reason.isBlank()) reason = null;
        if (reason != null) Texts.requireText("reason", reason, Attribution.MAX_REASON_LENGTH);
    }
}
