package cacherr.adapters.web.dto;

import cacherr.domain.batch.BatchOperation;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A batch operation as the original client reads it ({@code BatchOperation} of REFERENCE-API.md); {@code action},
 * {@code files_skipped} and {@code progress} are ours.
 */
public record BatchOperationInfo(String id, String operationType, String status, boolean testMode, String triggeredBy,
                                 String triggeredByUser, String reason, Instant startedAt, Instant completedAt,
                                 int totalFiles, int filesProcessed, int filesSuccessful, int filesFailed,
                                 long totalSizeBytes, long bytesProcessed, String errorMessage, JsonNode metadata,
                                 String action, int filesSkipped, int progress) {
    public static BatchOperationInfo from(BatchOperation b) {
        return new BatchOperationInfo(b.id(), b.action().operationType(), b.status().code(), b.testMode(),
                b.triggeredBy(), b.triggeredByUser() == null ? null : b.triggeredByUser().value(), b.reason(),
                b.startedAt(), b.completedAt(), b.totalFiles(), b.filesProcessed(), b.filesSuccessful(),
                b.filesFailed(), b.totalSizeBytes(), b.bytesProcessed(), b.errorMessage(),
                b.metadata() == null ? null : JsonText.tree(b.metadata().json()), b.action().code(), b.filesSkipped(),
                b.percent());
    }
}
