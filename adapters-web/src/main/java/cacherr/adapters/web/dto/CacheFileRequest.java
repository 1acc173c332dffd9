package cacherr.adapters.web.dto;

import cacherr.application.port.in.CacheFileCommand;
import cacherr.domain.error.InvalidInputException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/cached/files}: place a file on the cache and record it. */
public record CacheFileRequest(@NotBlank @Size(max = 4096) String filePath, @NotBlank String triggeredByOperation,
                               @Size(max = 200) String userId, @Size(max = 500) String reason, String cacheMethod,
                               JsonNode metadata) {
    public CacheFileCommand toCommand() {
        return new CacheFileCommand(filePath, OperationType.parse(triggeredByOperation), UserId.ofNullable(userId),
                reason, cacheMethod == null ? null : CacheMethod.parse(cacheMethod), metadataObject());
    }

    private Metadata metadataObject() {
        if (metadata == null || metadata.isNull()) return null;
        if (!metadata.isObject()) throw new InvalidInputException("metadata: must be a JSON object");
        return new Metadata(JsonText.text(metadata));
    }
}
