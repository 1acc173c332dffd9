package cacherr.application.service;

import cacherr.application.port.in.UncacheResult;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentKind;
import cacherr.domain.audit.IntentOutcome;
import cacherr.domain.error.ConflictException;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import java.time.Instant;
import java.util.Map;

/**
 * Takes one file off the cache, journalled: the intent before the first file step, the outcome after the last. A file
 * in use is never touched; its removal is postponed (pending removal) and said so. Callers hold the path's lock.
 */
final class Removal {
    private final Context ctx;

    Removal(Context ctx) {
        this.ctx = ctx;
    }

    UncacheResult remove(FileId id, Attempt attempt) {
        return remove(id, attempt, false);
    }

    /** With {@code keepBoth}, a cached copy that differs from the file at the media path is kept aside, not refused. */
    UncacheResult remove(FileId id, Attempt attempt, boolean keepBoth) {
        CachedFile file;
        try {
            file = ctx.existing(id);
            if (file.status() == FileStatus.REMOVED) {
                throw new ConflictException(file.filename() + " was already removed from the cache");
            }
        } catch (RuntimeException failure) {
            ctx.audit.failed(attempt, failure);
            throw failure;
        }
        if (inUse(file)) return postpone(file, attempt);
        FileOperationIntent intent;
        try {
            intent = ctx.begin(IntentKind.UNCACHE, file.id(), file.placement());
        } catch (RuntimeException failure) {
            ctx.audit.failed(attempt, failure);
            throw failure;
        }
        String keptAside;
        try {
            if (keepBoth) {
                keptAside = ctx.storage.releaseKeepingBoth(file.placement());
            } else {
                ctx.storage.release(file.placement());
                keptAside = null;
            }
        } catch (RuntimeException failure) {
            try {
                ctx.finish(intent, IntentOutcome.ROLLED_BACK);
            } catch (RuntimeException journalFailure) {
                failure.addSuppressed(journalFailure);
            }
            ctx.audit.failed(attempt, failure);
            throw failure;
        }
        // Should this transaction fail, the intent stays unfinished: recovery completes the removal at start-up.
        CachedFile removed = ctx.audit.transaction(attempt, () -> {
            Instant now = ctx.clock.now();
            CachedFile updated = ctx.current(id).markRemoved(now);
            ctx.files.save(updated);
            ctx.journal.finish(intent.id(), IntentOutcome.COMPLETED, now);
            ctx.audit.succeeded(attempt, keptAside == null ? Map.of("file_id", id.value(), "outcome", "removed")
                    : Map.of("file_id", id.value(), "outcome", "removed", "kept_cached_copy_at", keptAside));
            return updated;
        });
        return new UncacheResult(removed, false);
    }

    boolean inUse(CachedFile file) {
        return ctx.storage.anyInUse(file.filePath(), file.cachedPath());
    }

    private UncacheResult postpone(CachedFile file, Attempt attempt) {
        CachedFile pending = ctx.audit.transaction(attempt, () -> {
            CachedFile current = ctx.current(file.id());
            if (current.status() == FileStatus.PENDING_REMOVAL) return current;
            CachedFile updated = current.markPendingRemoval(ctx.clock.now());
            ctx.files.save(updated);
            ctx.audit.succeeded(attempt, Map.of("file_id", file.id().value(), "outcome", "postponed",
                    "why", "the file is in use; it is removed by the next cleanup once it is free"));
            return updated;
        });
        return new UncacheResult(pending, true);
    }
}
