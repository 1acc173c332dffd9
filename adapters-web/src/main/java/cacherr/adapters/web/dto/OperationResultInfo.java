package cacherr.adapters.web.dto;

import cacherr.domain.batch.OperationResult;
import java.time.Instant;

/**
 * One file's part of a batch as the original client reads it ({@code OperationResult} of REFERENCE-API.md);
 * {@code position} and {@code file_id} are ours.
 */
public record OperationResultInfo(String id, String operationId, String filePath, String filename, String sourcePath,
                                  String destinationPath, String operationType, String status, String reason,
                                  String triggeredByUser, long fileSizeBytes, Instant startedAt, Instant completedAt,
                                  String errorMessage, String parentOperationId, int position, String fileId) {
    public static OperationResultInfo from(OperationResult r) {
        return new OperationResultInfo(r.id(), r.operationId(), r.filePath(), r.filename(), r.sourcePath(),
                r.destinationPath(), r.action().fileOperationType(), r.status().code(), r.reason(),
                r.triggeredByUser() == null ? null : r.triggeredByUser().value(), r.fileSizeBytes(), r.startedAt(),
                r.completedAt(), r.errorMessage(), r.parentOperationId(), r.position(),
                r.fileId() == null ? null : r.fileId().value());
    }
}
