package cacherr.adapters.web.dto;

import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;

/** Query of {@code GET /api/cached/export}. */
public record ExportParams(@Pattern(regexp = "csv|json|txt", message = "must be csv, json or txt") String format,
                           @Size(max = 200) String userId, String status, boolean includeMetadata) {
    public FileCriteria criteria() {
        return new FileCriteria(null, UserId.ofNullable(userId), status == null ? null : FileStatus.parse(status),
                null, null, null, null);
    }

    public Map<String, Object> filtersApplied() {
        Map<String, Object> given = new LinkedHashMap<>();
        ListFilesParams.putIfPresent(given, "user_id", userId);
        ListFilesParams.putIfPresent(given, "status", status);
        given.put("include_metadata", includeMetadata);
        return given;
    }
}
