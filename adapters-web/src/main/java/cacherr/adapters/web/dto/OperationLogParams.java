package cacherr.adapters.web.dto;

import cacherr.domain.audit.AuditAction;
import cacherr.domain.file.UserId;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Paging;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.validator.constraints.Range;

/** Query of {@code GET /api/cached/operations}: the audit log, filtered; {@code exactTotal} asks to count them all. */
public record OperationLogParams(String operationType, @Size(max = 200) String userId,
                                 @Size(max = 4096) String filePath, Boolean success, Instant since, Instant until,
                                 @Range(min = 1, max = 500) Integer limit, @PositiveOrZero Integer offset,
                                 boolean exactTotal) {
    public LogFilter toFilter() {
        return new LogFilter(operationType == null ? null : AuditAction.parse(operationType), UserId.ofNullable(userId),
                filePath, success, since, until, Paging.of(limit, offset, exactTotal));
    }

    public Map<String, Object> filtersApplied() {
        Map<String, Object> given = new LinkedHashMap<>();
        ListFilesParams.putIfPresent(given, "operation_type", operationType);
        ListFilesParams.putIfPresent(given, "user_id", userId);
        ListFilesParams.putIfPresent(given, "file_path", filePath);
        ListFilesParams.putIfPresent(given, "success", success);
        ListFilesParams.putIfPresent(given, "since", since);
        ListFilesParams.putIfPresent(given, "until", until);
        return given;
    }
}
