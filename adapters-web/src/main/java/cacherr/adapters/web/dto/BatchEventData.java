package cacherr.adapters.web.dto;

import cacherr.application.port.in.BatchProgress;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.OperationResult;
import java.time.Instant;

/** The data of the two live events, with the reference's fields first ({@code operation_progress}, {@code operation_file_update}). */
public final class BatchEventData {
    private BatchEventData() {
    }

    /** {@code operation_progress}: {@code estimated_time_remaining} in seconds, null before the first file. */
    public record Progress(String operationId, int progress, String currentFile, int filesProcessed, int totalFiles,
                           Long estimatedTimeRemaining, String status, String operationType, boolean testMode,
                           int filesSuccessful, int filesFailed, int filesSkipped, long bytesProcessed,
                           long totalSizeBytes, String errorMessage) {
        public static Progress from(BatchProgress p) {
            BatchOperation b = p.batch();
            return new Progress(b.id(), b.percent(), p.currentFile(), b.filesProcessed(), b.totalFiles(),
                    p.estimatedSecondsRemaining(), b.status().code(), b.action().operationType(), b.testMode(),
                    b.filesSuccessful(), b.filesFailed(), b.filesSkipped(), b.bytesProcessed(), b.totalSizeBytes(),
                    b.errorMessage());
        }
    }

    /** {@code operation_file_update}: one file's part began or ended. */
    public record FileUpdate(String operationId, String status, String errorMessage, Instant completedAt, String id,
                             int position, String filePath, String filename, String reason) {
        public static FileUpdate from(OperationResult r) {
            return new FileUpdate(r.operationId(), r.status().code(), r.errorMessage(), r.completedAt(), r.id(),
                    r.position(), r.filePath(), r.filename(), r.reason());
        }
    }
}
