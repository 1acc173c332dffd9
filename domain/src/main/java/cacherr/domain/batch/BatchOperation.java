package cacherr.domain.batch;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.error.ConflictException;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Work on many files as one operation, with its totals. Each file's part is an {@link OperationResult}.
 *
 * @param id              unique id
 * @param action          what it does to each file
 * @param status          where it stands
 * @param testMode        a dry run: it changes nothing, its results say what would happen
 * @param triggeredBy     who asked: {@code api}, {@code scheduler}, {@code manual}, {@code watcher}
 * @param triggeredByUser the user on whose behalf, or null
 * @param reason          why
 * @param startedAt       when it was started
 * @param completedAt     when it ended, or null while active
 * @param totalFiles      its files
 * @param filesProcessed  files whose part is over (successful + failed + skipped)
 * @param filesSuccessful files done (or, in a dry run, that would be)
 * @param filesFailed     files that failed
 * @param filesSkipped    files left alone: nothing to do, or cancelled before their turn
 * @param totalSizeBytes  the bytes of its files, as far as known
 * @param bytesProcessed  the bytes of the files processed
 * @param errorMessage    why it failed or was cut short, or null
 * @param metadata        details as a JSON object, or null
 */
public record BatchOperation(String id, BatchAction action, BatchStatus status, boolean testMode, String triggeredBy,
                             UserId triggeredByUser, String reason, Instant startedAt, Instant completedAt,
                             int totalFiles, int filesProcessed, int filesSuccessful, int filesFailed,
                             int filesSkipped, long totalSizeBytes, long bytesProcessed, String errorMessage,
                             Metadata metadata) {
    public BatchOperation {
        require(id != null && !id.isBlank(), "a batch operation needs an id");
        require(action != null && status != null, "a batch operation needs an action and a status");
        require(triggeredBy != null && !triggeredBy.isBlank(), "a batch operation needs what triggered it");
        require(reason != null && !reason.isBlank(), "a batch operation needs a reason");
        require(startedAt != null, "a batch operation needs its start time");
        require(status.active() == (completedAt == null), "a batch operation has an end time exactly when it ended");
        require(totalFiles >= 0 && filesSuccessful >= 0 && filesFailed >= 0 && filesSkipped >= 0,
                "a batch operation's counts cannot be negative");
        require(filesProcessed == filesSuccessful + filesFailed + filesSkipped,
                "a batch operation's processed files are its successful, failed and skipped ones");
        require(filesProcessed <= totalFiles, "a batch operation cannot process more files than it has");
        require(totalSizeBytes >= 0 && bytesProcessed >= 0, "a batch operation's bytes cannot be negative");
        startedAt = startedAt.truncatedTo(ChronoUnit.MICROS);
        if (completedAt != null) completedAt = completedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** A new batch of {@code totalFiles} files, pending. */
    public static BatchOperation pending(String id, BatchAction action, boolean testMode, String triggeredBy,
                                         UserId user, String reason, Instant now, int totalFiles, long totalSizeBytes,
                                         Metadata metadata) {
        return new BatchOperation(id, action, BatchStatus.PENDING, testMode, triggeredBy, user, reason, now, null,
                totalFiles, 0, 0, 0, 0, totalSizeBytes, 0, null, metadata);
    }

    /** Its first file is being processed. */
    public BatchOperation running() {
        requireActive("run");
        return with(BatchStatus.RUNNING, null, null);
    }

    /** One file's part ended with {@code outcome}; {@code bytes} of it were processed, {@code newlyKnown} of them new to the total. */
    public BatchOperation counted(ResultStatus outcome, long bytes, long newlyKnown) {
        requireActive("count a file of");
        require(outcome.finished(), "only a finished file is counted");
        return new BatchOperation(id, action, status == BatchStatus.PENDING ? BatchStatus.RUNNING : status, testMode,
                triggeredBy, triggeredByUser, reason, startedAt, null, totalFiles, filesProcessed + 1,
                filesSuccessful + (outcome == ResultStatus.COMPLETED ? 1 : 0),
                filesFailed + (outcome == ResultStatus.FAILED ? 1 : 0),
                filesSkipped + (outcome == ResultStatus.SKIPPED ? 1 : 0), totalSizeBytes + newlyKnown,
                bytesProcessed + bytes, null, metadata);
    }

    /** Every file's part is over: completed, or failed when every file failed. */
    public BatchOperation finished(Instant now) {
        requireActive("finish");
        require(filesProcessed == totalFiles, "a batch operation finishes when every file is processed");
        boolean allFailed = totalFiles > 0 && filesFailed == totalFiles;
        String error = filesFailed == 0 ? null : filesFailed + " of " + totalFiles + " files failed; each says why";
        return with(allFailed ? BatchStatus.FAILED : BatchStatus.COMPLETED, now, error);
    }

    /** Cancelled: the files done stay done, the rest were skipped. */
    public BatchOperation cancelled(Instant now, String why) {
        requireActive("cancel");
        return with(BatchStatus.CANCELLED, now, why);
    }

    /** Cut short by a stop of the service; {@code why} says so. */
    public BatchOperation interrupted(Instant now, String why) {
        requireActive("mark interrupted");
        return with(BatchStatus.FAILED, now, why);
    }

    /** Counts set from its results as found after a stop (each file's true outcome). */
    public BatchOperation recounted(int successful, int failed, int skipped, long bytesProcessed) {
        return new BatchOperation(id, action, status, testMode, triggeredBy, triggeredByUser, reason, startedAt,
                completedAt, totalFiles, successful + failed + skipped, successful, failed, skipped, totalSizeBytes,
                bytesProcessed, errorMessage, metadata);
    }

    /** Progress in percent, 0..100. */
    public int percent() {
        return totalFiles == 0 ? 100 : (int) (100L * filesProcessed / totalFiles);
    }

    private BatchOperation with(BatchStatus to, Instant completed, String error) {
        return new BatchOperation(id, action, to, testMode, triggeredBy, triggeredByUser, reason, startedAt, completed,
                totalFiles, filesProcessed, filesSuccessful, filesFailed, filesSkipped, totalSizeBytes, bytesProcessed,
                error, metadata);
    }

    private void requireActive(String verb) {
        if (!status.active()) {
            throw new ConflictException("cannot " + verb + " batch operation " + id + ": it is " + status.code());
        }
    }
}
