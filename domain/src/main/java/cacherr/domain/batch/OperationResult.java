package cacherr.domain.batch;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One file's part of a batch operation.
 *
 * @param id                unique id
 * @param operationId       the batch it belongs to
 * @param position          its place in the batch, from 0
 * @param fileId            the file's record, or null (a path not in the books yet)
 * @param filePath          the media path
 * @param sourcePath        where the data comes from (for a cache: the original)
 * @param destinationPath   where it goes (for a cache: the cached copy), or null
 * @param action            the batch's action
 * @param status            where it stands
 * @param reason            what happened (or would, in a dry run), in words
 * @param triggeredByUser   the batch's user, or null
 * @param fileSizeBytes     the file's size, 0 when not known
 * @param startedAt         when its processing began, or null
 * @param completedAt       when it ended, or null
 * @param errorMessage      why it failed, or null
 * @param parentOperationId an enclosing operation, or null
 */
public record OperationResult(String id, String operationId, int position, FileId fileId, String filePath,
                              String sourcePath, String destinationPath, BatchAction action, ResultStatus status,
                              String reason, UserId triggeredByUser, long fileSizeBytes, Instant startedAt,
                              Instant completedAt, String errorMessage, String parentOperationId) {
    public OperationResult {
        require(id != null && !id.isBlank() && operationId != null && !operationId.isBlank(),
                "an operation result needs its id and its batch's");
        require(position >= 0, "an operation result's position cannot be negative");
        require(filePath != null && !filePath.isBlank(), "an operation result needs a file path");
        require(action != null && status != null, "an operation result needs an action and a status");
        require(reason != null && !reason.isBlank(), "an operation result needs a reason");
        require(fileSizeBytes >= 0, "a file size cannot be negative");
        require(status.finished() == (completedAt != null), "an operation result has an end time exactly when it ended");
        require((status == ResultStatus.FAILED) == (errorMessage != null), "an operation result has an error exactly when it failed");
        if (startedAt != null) startedAt = startedAt.truncatedTo(ChronoUnit.MICROS);
        if (completedAt != null) completedAt = completedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** A file waiting for its turn. */
    public static OperationResult pending(String id, String operationId, int position, FileId fileId, String filePath,
                                          String sourcePath, String destinationPath, BatchAction action,
                                          UserId user, long sizeBytes) {
        return new OperationResult(id, operationId, position, fileId, filePath, sourcePath, destinationPath, action,
                ResultStatus.PENDING, "waiting for its turn", user, sizeBytes, null, null, null, null);
    }

    /** The file's name: the last segment of its path. */
    public String filename() {
        return filePath.substring(filePath.lastIndexOf('/') + 1);
    }

    public OperationResult processing(Instant now) {
        return new OperationResult(id, operationId, position, fileId, filePath, sourcePath, destinationPath, action,
                ResultStatus.PROCESSING, "in progress", triggeredByUser, fileSizeBytes, now, null, null,
                parentOperationId);
    }

    /** Done (or, in a dry run, would be); {@code fileId}, paths and size as they turned out. */
    public OperationResult completed(Instant now, String why, FileId file, String source, String destination,
                                     long sizeBytes) {
        return new OperationResult(id, operationId, position, file == null ? fileId : file, filePath,
                source == null ? sourcePath : source, destination == null ? destinationPath : destination, action,
                ResultStatus.COMPLETED, why, triggeredByUser, sizeBytes, startedOr(now), now, null, parentOperationId);
    }

    public OperationResult failed(Instant now, String error) {
        return new OperationResult(id, operationId, position, fileId, filePath, sourcePath, destinationPath, action,
                ResultStatus.FAILED, "failed", triggeredByUser, fileSizeBytes, startedOr(now), now,
                error == null || error.isBlank() ? "failed" : error, parentOperationId);
    }

    public OperationResult skipped(Instant now, String why) {
        return new OperationResult(id, operationId, position, fileId, filePath, sourcePath, destinationPath, action,
                ResultStatus.SKIPPED, why, triggeredByUser, fileSizeBytes, startedAt, now, null, parentOperationId);
    }

    private Instant startedOr(Instant now) {
        return startedAt == null ? now : startedAt;
    }
}
