package cacherr.application.service;

import cacherr.application.port.in.AdoptCachedFileUseCase;
import cacherr.application.port.in.AdoptFileCommand;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.CacheFileUseCase;
import cacherr.application.port.in.CacheResult;
import cacherr.application.port.in.CacheResult.Outcome;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.in.UncacheFileUseCase;
import cacherr.application.port.in.UncacheResult;
import cacherr.application.port.out.Inspection;
import cacherr.application.port.out.StorageException;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentKind;
import cacherr.domain.audit.IntentOutcome;
import cacherr.domain.error.ConflictException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.MethodSelection;
import cacherr.domain.file.Placement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Places files on the cache and takes them off it: the use cases that touch files and the books together. */
public final class CachingService implements CacheFileUseCase, AdoptCachedFileUseCase, UncacheFileUseCase {
    private final Context ctx;
    private final Removal removal;

    public CachingService(Context ctx) {
        this.ctx = ctx;
        this.removal = new Removal(ctx);
    }

    @Override
    public CacheResult cache(CacheFileCommand command) {
        Attempt attempt = new Attempt(AuditAction.CACHE_ADD, command.filePath(), command.operation().code(),
                command.user(), reasonOf(command.reason(), command.operation().code()));
        return ctx.locks.withLock(command.filePath(), () -> {
            Optional<CachedFile> existing = ctx.transactions.readOnly(() -> ctx.files.findByPath(command.filePath()));
            if (existing.isPresent() && isOnCache(existing.get())) return addUser(existing.get(), command, attempt);
            return place(existing.orElse(null), command, attempt);
        });
    }

    private static boolean isOnCache(CachedFile file) {
        return file.status() == FileStatus.ACTIVE || file.status() == FileStatus.PENDING_REMOVAL;
    }

    /** The file is on the cache already: it keeps its id and gains the user (a pending removal is called off). */
    private CacheResult addUser(CachedFile found, CacheFileCommand command, Attempt attempt) {
        return ctx.audit.transaction(attempt, () -> {
            Instant now = ctx.clock.now();
            CachedFile file = ctx.current(found.id());
            CachedFile updated = file.status() == FileStatus.PENDING_REMOVAL ? file.markActive(now) : file;
            if (command.user() != null) updated = updated.attribute(command.user(), command.reason(), now);
            if (updated.equals(file)) return new CacheResult(file, Outcome.UNCHANGED, null);
            ctx.files.save(updated);
            ctx.audit.succeeded(attempt, Map.of("file_id", file.id().value(), "outcome", "user_added"));
            return new CacheResult(updated, Outcome.USER_ADDED, null);
        });
    }

    private CacheResult place(CachedFile previous, CacheFileCommand command, Attempt attempt) {
        Placement plan;
        FileOperationIntent intent;
        try {
            if (previous != null && previous.status() == FileStatus.ORPHANED) {
                // Its copy is gone or unusable: put the original back in place before planning a fresh copy.
                ctx.storage.release(previous.placement());
            }
            boolean inUse = ctx.storage.isInUse(command.filePath());
            CacheMethod method = MethodSelection.select(command.method(), ctx.settings.defaultMethod(),
                    command.operation(), inUse);
            plan = ctx.storage.plan(command.filePath(), method);
            // A placement found complete was not made by this operation: nothing of it may be undone, not even by
            // recovery, so it gets no journal entry (placing it again changes no file).
            boolean foundPlaced = ctx.storage.inspect(plan, false).state() == IntegrityState.INTACT;
            intent = foundPlaced ? null : ctx.begin(IntentKind.CACHE, previous == null ? null : previous.id(), plan);
        } catch (RuntimeException failure) {
            ctx.audit.failed(attempt, failure);
            throw failure;
        }
        Placement placed;
        try {
            placed = ctx.storage.place(plan);
        } catch (RuntimeException failure) {
            // The storage leaves nothing behind when it throws; the journal says the operation was rolled back.
            rolledBack(intent, attempt, failure);
            throw failure;
        }
        try {
            return ctx.transactions.inTransaction(() -> record(previous, command, placed, intent, attempt));
        } catch (RuntimeException failure) {
            if (intent == null) ctx.audit.failed(attempt, failure); // undo only what this operation made: nothing
            else undoPlacement(placed, intent, attempt, failure);
            throw failure;
        }
    }

    private CacheResult record(CachedFile previous, CacheFileCommand command, Placement placed,
                               FileOperationIntent intent, Attempt attempt) {
        Instant now = ctx.clock.now();
        CachedFile file;
        if (previous == null) {
            file = CachedFile.cache(new FileId(ctx.ids.newId()), placed, command.operation(), command.user(),
                    command.reason(), command.metadata(), now);
        } else {
            file = ctx.current(previous.id()).recache(placed, now);
            if (command.user() != null) file = file.attribute(command.user(), command.reason(), now);
        }
        ctx.files.save(file);
        if (intent != null) ctx.journal.finish(intent.id(), IntentOutcome.COMPLETED, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("file_id", file.id().value());
        details.put("cache_method", placed.method().code());
        details.put("size_bytes", placed.sizeBytes());
        if (placed.note() != null) details.put("note", placed.note());
        ctx.audit.succeeded(attempt, details);
        return new CacheResult(file, previous == null ? Outcome.PLACED : Outcome.PLACED_AGAIN, placed.note());
    }

    /** The books could not be written: take the file back off the cache so that nothing half-done remains. */
    private void undoPlacement(Placement placed, FileOperationIntent intent, Attempt attempt, RuntimeException failure) {
        try {
            ctx.storage.undo(placed);
        } catch (RuntimeException undoFailure) {
            // Left unfinished in the journal on purpose: recovery at the next start-up rolls it back.
            failure.addSuppressed(undoFailure);
            ctx.audit.failed(attempt, failure);
            return;
        }
        rolledBack(intent, attempt, failure);
    }

    private void rolledBack(FileOperationIntent intent, Attempt attempt, RuntimeException failure) {
        try {
            if (intent != null) ctx.finish(intent, IntentOutcome.ROLLED_BACK);
        } catch (RuntimeException journalFailure) {
            failure.addSuppressed(journalFailure);
        }
        ctx.audit.failed(attempt, failure);
    }

    @Override
    public CachedFile adopt(AdoptFileCommand command) {
        Attempt attempt = new Attempt(AuditAction.CACHE_ADOPT, command.filePath(), command.operation().code(),
                command.user(), reasonOf(command.reason(), command.operation().code()));
        return ctx.locks.withLock(command.filePath(), () -> {
            Placement placement;
            try {
                if (ctx.transactions.readOnly(() -> ctx.files.findByPath(command.filePath())).isPresent()) {
                    throw new ConflictException(command.filePath() + " is already recorded; cache it to add a user");
                }
                placement = ctx.storage.locate(command.filePath(), command.method());
                // Compared byte for byte with the original: a file of the same size and time proves nothing.
                Inspection inspection = ctx.storage.inspect(placement, true);
                if (inspection.state() == IntegrityState.CHECKSUM_MISMATCH) {
                    throw new StorageException(StorageException.Problem.NOT_POSSIBLE, "cannot adopt "
                            + command.filePath() + ": " + inspection.detail() + "; the file at its cached path "
                            + placement.cachedPath() + " was left as it is");
                }
                if (!inspection.state().cachedCopyUsable()) {
                    throw new StorageException(StorageException.Problem.VERIFICATION_FAILED,
                            "cannot adopt " + command.filePath() + ": " + inspection.detail());
                }
            } catch (RuntimeException failure) {
                ctx.audit.failed(attempt, failure);
                throw failure;
            }
            return ctx.audit.transaction(attempt, () -> {
                CachedFile file = CachedFile.cache(new FileId(ctx.ids.newId()), placement, command.operation(),
                        command.user(), command.reason(), command.metadata(), ctx.clock.now());
                ctx.files.save(file);
                ctx.audit.succeeded(attempt, Map.of("file_id", file.id().value(),
                        "cache_method", placement.method().code()));
                return file;
            });
        });
    }

    @Override
    public UncacheResult uncache(UncacheCommand command) {
        Attempt unknown = new Attempt(AuditAction.CACHE_REMOVE, "file id " + command.id(), "api", command.user(),
                command.reason());
        CachedFile found;
        try {
            found = ctx.existing(command.id());
        } catch (RuntimeException failure) {
            ctx.audit.failed(unknown, failure);
            throw failure;
        }
        Attempt attempt = new Attempt(AuditAction.CACHE_REMOVE, found.filePath(), "api", command.user(),
                command.reason());
        return ctx.locks.withLock(found.filePath(), () -> removal.remove(command.id(), attempt, command.keepBoth()));
    }

    private static String reasonOf(String reason, String fallback) {
        return reason == null ? fallback : reason;
    }
}
