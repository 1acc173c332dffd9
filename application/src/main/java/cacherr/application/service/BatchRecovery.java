package cacherr.application.service;

import cacherr.application.port.out.BatchOperations;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.batch.ResultStatus;
import cacherr.domain.file.Attribution;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * After a stop: each batch still pending or running is marked interrupted (failed), and each of its unfinished files
 * gets its true outcome from the books — which the file's own use case kept true, whatever the batch had written of
 * its results so far (it writes them in chunks, so the last few are usually not written yet).
 *
 * <p>A file the books show in the batch's end state was done by the batch only if the change is dated after the batch
 * began; if it was already so before, the batch would have skipped it, and so does the recovery. A file not in that
 * state was not done: either its turn never came, or it was under way and its file step was undone by the file
 * recovery that runs first. The stored results cannot tell these two apart, and the outcome says so rather than guess.
 */
final class BatchRecovery {
    private static final int CHUNK = 1000;

    private final Context ctx;
    private final BatchOperations store;

    BatchRecovery(Context ctx, BatchOperations store) {
        this.ctx = ctx;
        this.store = store;
    }

    /** Recovers every unfinished batch but those {@code running} in this process. */
    List<BatchOperation> recover(Set<String> running) {
        List<BatchOperation> recovered = new ArrayList<>();
        for (BatchOperation batch : store.unfinished()) {
            if (running.contains(batch.id())) continue; // running in this process: not interrupted
            recovered.add(recoverOne(batch));
        }
        return recovered;
    }

    private BatchOperation recoverOne(BatchOperation batch) {
        Instant now = ctx.clock.now();
        int successful = 0;
        int failed = 0;
        int skipped = 0;
        long bytes = 0;
        for (int offset = 0; offset < batch.totalFiles(); offset += CHUNK) {
            List<OperationResult> page = store.results(batch.id(), offset, CHUNK);
            List<OperationResult> changed = new ArrayList<>();
            for (OperationResult result : page) {
                OperationResult outcome = result.status().finished() ? result : trueOutcome(batch, result, now);
                if (outcome != result) changed.add(outcome);
                switch (outcome.status()) {
                    case COMPLETED -> {
                        successful++;
                        bytes += outcome.fileSizeBytes();
                    }
                    case FAILED -> {
                        failed++;
                        bytes += outcome.fileSizeBytes();
                    }
                    default -> skipped++;
                }
            }
            if (!changed.isEmpty()) store.saveResults(changed);
            if (page.size() < CHUNK) break;
        }
        BatchOperation interrupted = batch.recounted(successful, failed, skipped, bytes).interrupted(now,
                "interrupted: the service stopped while this batch ran; each file shows its true outcome, read from"
                        + " the books at the next start");
        store.save(interrupted);
        return interrupted;
    }

    private OperationResult trueOutcome(BatchOperation batch, OperationResult result, Instant now) {
        if (batch.testMode()) return result.skipped(now, "not previewed: the service stopped first (a dry run changes"
                + " nothing)");
        UserId user = result.triggeredByUser();
        CachedFile file = ctx.transactions.readOnly(() -> result.fileId() != null
                ? ctx.files.findById(result.fileId()) : ctx.files.findByPath(result.filePath())).orElse(null);
        boolean inEndState = switch (batch.action()) {
            case CACHE -> file != null && file.status() != FileStatus.REMOVED
                    && (user == null || file.isAttributedTo(user));
            case UNCACHE -> file != null && (file.status() == FileStatus.REMOVED
                    || file.status() == FileStatus.PENDING_REMOVAL);
            case ATTACH_USER -> file != null && file.isAttributedTo(user);
            case DETACH_USER -> file != null && !file.isAttributedTo(user);
            default -> false;
        };
        if (inEndState) {
            if (alreadySoBefore(batch, file, user)) {
                return result.skipped(now, "already so before the batch began (the books show it): nothing to do");
            }
            return result.completed(now, "done before the service stopped (the books show it)",
                    file.id(), null, null, file.sizeBytes());
        }
        if (result.status() == ResultStatus.PROCESSING) {
            return result.failed(now, "interrupted by a stop of the service before it was done; any partial file"
                    + " step was undone at start-up");
        }
        return result.skipped(now, "not done: the service stopped before this file was done (before its turn, or"
                + " during it: a file step under way is undone at start-up)");
    }

    /**
     * Whether the books date the file's end state before the batch began. A detach leaves no date (the user's row is
     * gone), so for it the answer is no: the batch is credited, as the books cannot say otherwise.
     */
    private static boolean alreadySoBefore(BatchOperation batch, CachedFile file, UserId user) {
        Instant began = batch.startedAt();
        return switch (batch.action()) {
            case CACHE -> before(file.statusChangedAt(), began)
                    && (user == null || before(attributedAt(file, user), began));
            case UNCACHE -> before(file.statusChangedAt(), began);
            case ATTACH_USER -> before(attributedAt(file, user), began);
            default -> false;
        };
    }

    private static boolean before(Instant when, Instant began) {
        return when != null && when.isBefore(began);
    }

    private static Instant attributedAt(CachedFile file, UserId user) {
        for (Attribution attribution : file.attributions()) {
            if (attribution.user().equals(user)) return attribution.attributedAt();
        }
        return null;
    }
}
