package cacherr.application.service;

import cacherr.application.port.in.StartBatchCommand;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A batch's attach or detach of one user on many files, several files per write transaction: for each file the same
 * change and audit entry as the single-file use case, without a transaction (and its wait for the store) of its own.
 * A transaction ends after {@link #MAX_FILES} files, or as soon as a single-file write waits for the store, so that
 * write waits for one file's change, not for a chunk's. Between transactions a cancelled batch stops: the files not
 * begun are skipped.
 *
 * <p>No path lock is taken: the change reads the file inside the write transaction, which no other writer can
 * interleave with, and touches no file on disk (a path lock taken inside a write transaction could deadlock with a
 * single-file operation that holds it while waiting for the store). Should the store refuse a transaction, none of it
 * holds, and its files are done again one by one through the single-file use case.
 */
final class ChunkedAttribution {
    /** Files a batch step takes at once, and the most one transaction holds. */
    static final int MAX_FILES = 100;

    private final Context ctx;
    private final BooleanSupplier foregroundWaiting;

    ChunkedAttribution(Context ctx, BooleanSupplier foregroundWaiting) {
        this.ctx = ctx;
        this.foregroundWaiting = foregroundWaiting;
    }

    static boolean applies(StartBatchCommand command) {
        return !command.testMode()
                && (command.action() == BatchAction.ATTACH_USER || command.action() == BatchAction.DETACH_USER);
    }

    /**
     * The outcome of each of {@code started}, in order; {@code oneByOne} does a file through the single-file use case
     * (after a refused transaction), {@code cancelled} says whether the batch was cancelled meanwhile.
     */
    List<OperationResult> run(List<OperationResult> started, StartBatchCommand command,
                              UnaryOperator<OperationResult> oneByOne, BooleanSupplier cancelled) {
        List<OperationResult> out = new ArrayList<>(started);
        int next = 0;
        while (next < out.size()) {
            if (next > 0 && cancelled.getAsBoolean()) {
                Instant now = ctx.clock.now();
                for (int i = next; i < out.size(); i++) out.set(i, started.get(i).skipped(now, "cancelled before its turn"));
                break;
            }
            int from = next;
            int[] reached = {from};
            try {
                next = ctx.transactions.inTransaction(() -> {
                    int i = from;
                    do {
                        reached[0] = i;
                        out.set(i, one(started.get(i), command));
                        i++;
                    } while (i < out.size() && i - from < MAX_FILES && !foregroundWaiting.getAsBoolean());
                    return i;
                });
            } catch (RuntimeException refused) {
                for (int i = from; i <= reached[0]; i++) out.set(i, oneByOne.apply(started.get(i)));
                next = reached[0] + 1;
            }
        }
        return out;
    }

    /** One file's change and audit entry, inside the current transaction. */
    private OperationResult one(OperationResult result, StartBatchCommand command) {
        UserId user = command.user();
        boolean attach = command.action() == BatchAction.ATTACH_USER;
        Instant now = ctx.clock.now();
        CachedFile current = ctx.files.findById(result.fileId()).orElse(null);
        Attempt attempt = new Attempt(attach ? AuditAction.USER_ATTACH : AuditAction.USER_DETACH,
                current == null ? "file id " + result.fileId() : current.filePath(), "api", user,
                attach ? (command.reason() == null ? "attributed" : command.reason()) : "detached");
        if (current == null) {
            RuntimeException missing = Context.notFound(result.fileId());
            ctx.audit.failed(attempt, missing);
            return result.failed(now, Audit.describe(missing));
        }
        if (attach == current.isAttributedTo(user)) {
            return result.skipped(now, attach ? "already attributed to " + user : "not attributed to " + user);
        }
        CachedFile changed;
        try {
            changed = attach ? current.attribute(user, command.reason(), now) : current.detach(user);
        } catch (RuntimeException refused) { // the domain's refusal (a removed file): nothing was written
            ctx.audit.failed(attempt, refused);
            return result.failed(now, Audit.describe(refused));
        }
        ctx.files.save(changed);
        ctx.audit.succeeded(attempt, Map.of("file_id", current.id().value()));
        return result.completed(now, attach ? "attributed to " + user : "detached " + user, current.id(), null, null,
                current.sizeBytes());
    }
}
