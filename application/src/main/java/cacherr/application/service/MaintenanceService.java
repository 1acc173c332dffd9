package cacherr.application.service;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.application.port.in.CleanupCommand;
import cacherr.application.port.in.CleanupReport;
import cacherr.application.port.in.CleanupUseCase;
import cacherr.application.port.in.PruneOperationLogUseCase;
import cacherr.application.port.in.PurgeRemovedUseCase;
import cacherr.application.port.in.RecoverInterruptedOperationsUseCase;
import cacherr.application.port.in.RecoveryReport;
import cacherr.application.port.in.VerifyCommand;
import cacherr.application.port.in.VerifyIntegrityUseCase;
import cacherr.application.port.in.VerifyReport;
import cacherr.application.port.out.Inspection;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentKind;
import cacherr.domain.audit.IntentOutcome;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Keeps the books true to the disk: cleanup, integrity checks, purging, log retention and crash recovery. */
public final class MaintenanceService implements CleanupUseCase, VerifyIntegrityUseCase, PurgeRemovedUseCase,
        PruneOperationLogUseCase, RecoverInterruptedOperationsUseCase {
    private static final int BATCH = 200;
    /**
     * Log entries pruned per transaction, the longest a write waits behind pruning: the write lock is fair, so a write
     * waits for the batch running when it arrives and no more. 200 entries are a few ms of deleting (six indexes each):
     * on a quiet machine a write waiting behind pruning took 18 ms median, 47 ms p99, against 26 and 82 ms behind
     * batches of 1,000 (bench/maintenance.sh, docs/PERFORMANCE.md).
     */
    static final int PRUNE_BATCH = 200;
    private static final Set<FileStatus> ON_CACHE =
            EnumSet.of(FileStatus.ACTIVE, FileStatus.ORPHANED, FileStatus.PENDING_REMOVAL);

    private final Context ctx;
    private final Removal removal;

    public MaintenanceService(Context ctx) {
        this.ctx = ctx;
        this.removal = new Removal(ctx);
    }

    // ---- cleanup ----

    @Override
    public CleanupReport cleanup(CleanupCommand command) {
        CleanupTally tally = new CleanupTally();
        walk(ON_CACHE, null, file -> cleanOne(file, command, tally)); // the user triggered it; they narrow nothing
        if (!command.dryRun()) {
            Attempt summary = new Attempt(AuditAction.CACHE_CLEANUP, "cache", "api", command.user(), "cleanup");
            ctx.transactions.run(() -> ctx.audit.succeeded(summary, tally.details(command)));
        }
        return new CleanupReport(tally.orphaned, tally.removed, tally.pendingDone, tally.failed,
                command.removeOrphaned(), command.dryRun(), tally.changes);
    }

    private void cleanOne(CachedFile file, CleanupCommand command, CleanupTally tally) {
        if (file.status() == FileStatus.PENDING_REMOVAL) {
            if (removal.inUse(file)) return;
            tally.pendingDone++;
            tally.change(file, FileStatus.REMOVED, "no longer in use: the postponed removal was carried out");
            if (!command.dryRun()) removeQuietly(file, command, tally);
            return;
        }
        Inspection inspection = ctx.storage.inspect(file.placement(), false);
        if (inspection.state().cachedCopyUsable()) return;
        if (file.status() == FileStatus.ACTIVE) tally.orphaned++; // marked by this run: a second run counts 0
        if (command.removeOrphaned()) {
            if (removal.inUse(file)) return;
            tally.removed++;
            tally.change(file, FileStatus.REMOVED, "orphaned (" + inspection.detail() + ") and removed");
            if (!command.dryRun()) removeQuietly(file, command, tally);
        } else if (file.status() == FileStatus.ACTIVE) {
            tally.change(file, FileStatus.ORPHANED, inspection.detail());
            if (!command.dryRun()) moveQuietly(file, FileStatus.ORPHANED, inspection.detail(), command.user(), tally);
        }
    }

    private void removeQuietly(CachedFile file, CleanupCommand command, CleanupTally tally) {
        Attempt attempt = new Attempt(AuditAction.CACHE_CLEANUP, file.filePath(), "cleanup", command.user(), "cleanup");
        try {
            ctx.locks.withLock(file.filePath(), () -> removal.remove(file.id(), attempt));
        } catch (RuntimeException failure) {
            tally.failed++; // already in the audit log with its reason
        }
    }

    private void moveQuietly(CachedFile file, FileStatus to, String why, UserId user, CleanupTally tally) {
        Attempt attempt = new Attempt(AuditAction.CACHE_CLEANUP, file.filePath(), "cleanup", user, why);
        try {
            ctx.locks.withLock(file.filePath(), () -> ctx.audit.transaction(attempt, () -> {
                CachedFile current = ctx.current(file.id());
                if (current.status() == to) return current;
                CachedFile moved = to == FileStatus.ORPHANED ? current.markOrphaned(ctx.clock.now())
                        : current.markActive(ctx.clock.now());
                ctx.files.save(moved);
                ctx.audit.succeeded(attempt, Map.of("file_id", file.id().value(), "from", current.status().code(),
                        "to", to.code()));
                return moved;
            }));
        } catch (RuntimeException failure) {
            tally.failed++;
        }
    }

    private static final class CleanupTally {
        int orphaned;
        int removed;
        int pendingDone;
        int failed;
        final List<CleanupReport.Change> changes = new ArrayList<>();

        void change(CachedFile file, FileStatus to, String why) {
            if (changes.size() < CleanupReport.MAX_CHANGES_LISTED) {
                changes.add(new CleanupReport.Change(file.id(), file.filePath(), file.status(), to, why));
            }
        }

        Map<String, Object> details(CleanupCommand command) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("orphaned_count", orphaned);
            details.put("removed_count", removed);
            details.put("pending_removals_done", pendingDone);
            details.put("failed_count", failed);
            details.put("remove_orphaned", command.removeOrphaned());
            return details;
        }
    }

    // ---- verify ----

    @Override
    public VerifyReport verify(VerifyCommand command) {
        List<VerifyReport.Finding> findings = new ArrayList<>();
        int[] counts = new int[2]; // checked, intact
        Consumer<CachedFile> check = file -> {
            VerifyReport.Finding finding = verifyOne(file, command, !command.ids().isEmpty());
            counts[0]++;
            if (finding.state() == IntegrityState.INTACT) counts[1]++;
            boolean notable = finding.state() != IntegrityState.INTACT
                    || finding.before() != finding.after();
            if (notable && findings.size() < VerifyReport.MAX_FINDINGS_LISTED) findings.add(finding);
        };
        if (command.ids().isEmpty()) {
            walk(ON_CACHE, null, check);
            Attempt summary = new Attempt(AuditAction.CACHE_VERIFY, "cache", "api", command.user(), "integrity check");
            ctx.transactions.run(() -> ctx.audit.succeeded(summary, Map.of("checked", counts[0], "intact", counts[1],
                    "problems", counts[0] - counts[1])));
        } else {
            List<CachedFile> files = command.ids().stream().map(ctx::existing).toList(); // unknown ids fail first
            files.forEach(check);
        }
        return new VerifyReport(counts[0], counts[1], findings);
    }

    private VerifyReport.Finding verifyOne(CachedFile file, VerifyCommand command, boolean logEachFile) {
        Inspection inspection = ctx.storage.inspect(file.placement(), command.checksum());
        FileStatus next = inspection.state().statusFor(file.status());
        if (next != file.status() || logEachFile) {
            Attempt attempt = new Attempt(AuditAction.CACHE_VERIFY, file.filePath(), "verify", command.user(),
                    inspection.detail());
            ctx.locks.withLock(file.filePath(), () -> ctx.audit.transaction(attempt, () -> {
                CachedFile current = ctx.current(file.id());
                FileStatus target = inspection.state().statusFor(current.status());
                if (target != current.status()) {
                    ctx.files.save(target == FileStatus.ORPHANED ? current.markOrphaned(ctx.clock.now())
                            : current.markActive(ctx.clock.now()));
                }
                ctx.audit.succeeded(attempt, Map.of("file_id", file.id().value(), "state",
                        inspection.state().name().toLowerCase(), "from", current.status().code(), "to", target.code()));
                return null;
            }));
        }
        return new VerifyReport.Finding(file.id(), file.filePath(), inspection.state(), inspection.detail(),
                file.status(), next);
    }

    // ---- purge and retention ----

    @Override
    public int purgeRemovedOlderThan(int days) {
        require(days >= 0 && days <= 36500, "days must be between 0 and 36500, not " + days);
        Instant cutoff = ctx.clock.now().minus(Duration.ofDays(days));
        int[] purged = {0};
        walk(EnumSet.of(FileStatus.REMOVED), null, file -> {
            if (file.statusChangedAt().isAfter(cutoff)) return;
            Attempt attempt = new Attempt(AuditAction.CACHE_PURGE, file.filePath(), "purge", null,
                    "removed more than " + days + " days ago");
            ctx.locks.withLock(file.filePath(), () -> ctx.audit.transaction(attempt, () -> {
                CachedFile current = ctx.files.findById(file.id()).orElse(null);
                if (current == null || current.status() != FileStatus.REMOVED) return null;
                ctx.files.delete(file.id());
                ctx.audit.succeeded(attempt, Map.of("file_id", file.id().value()));
                purged[0]++;
                return null;
            }));
        });
        return purged[0];
    }

    @Override
    public int pruneOlderThan(int days) {
        require(days >= 1 && days <= 36500, "days must be between 1 and 36500, not " + days);
        Attempt attempt = new Attempt(AuditAction.LOG_PRUNE, "operations log", "retention", null,
                "entries older than " + days + " days");
        Instant cutoff = ctx.clock.now().minus(Duration.ofDays(days));
        int pruned = 0;
        try {
            // One small transaction per batch: a write waits behind one batch at most, never behind the whole prune
            // (441,240 rows in one transaction held the writers 23 s). Entries written meanwhile are newer than the
            // cutoff, so the loop ends; a failure leaves the batches before it pruned, as retention wants anyway.
            // An interrupt (the service stopping) ends it between batches, so it never outlives the books.
            for (int batch = PRUNE_BATCH; batch == PRUNE_BATCH && !Thread.currentThread().isInterrupted();
                 pruned += batch) {
                batch = ctx.transactions.inTransaction(() -> ctx.journal.pruneBefore(cutoff, PRUNE_BATCH));
            }
        } catch (RuntimeException failure) {
            ctx.audit.failed(attempt, failure);
            throw failure;
        }
        int total = pruned;
        // Recorded even when stopped early (what was pruned is gone); the interrupt is kept for the caller.
        boolean interrupted = Thread.interrupted();
        try {
            return ctx.audit.transaction(attempt, () -> {
                ctx.audit.succeeded(attempt, interrupted ? Map.of("pruned", total, "stopped_early", true)
                        : Map.of("pruned", total));
                return total;
            });
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    // ---- recovery ----

    @Override
    public RecoveryReport recover() {
        List<String> swept = ctx.storage.sweepLeftovers();
        List<RecoveryReport.Recovered> recovered = new ArrayList<>();
        for (FileOperationIntent intent : ctx.transactions.readOnly(ctx.journal::unfinished)) {
            recovered.add(ctx.locks.withLock(intent.placement().mediaPath(), () -> recoverOne(intent)));
        }
        // After the intents: an interrupted cache was undone above, so what is still swapped was completed.
        return new RecoveryReport(swept, recovered, new StrandedSwaps(ctx).reclaim());
    }

    /**
     * An interrupted cache is rolled back (its record was never written: the record and the intent's end commit
     * together). An interrupted uncache is completed: the release is idempotent and was asked for.
     */
    private RecoveryReport.Recovered recoverOne(FileOperationIntent intent) {
        String path = intent.placement().mediaPath();
        Attempt attempt = new Attempt(AuditAction.CACHE_RECOVER, path, "startup", null,
                "interrupted " + intent.kind().name().toLowerCase() + " operation");
        try {
            if (intent.kind() == IntentKind.CACHE) {
                ctx.storage.undo(intent.placement());
                ctx.audit.transaction(attempt, () -> {
                    ctx.journal.finish(intent.id(), IntentOutcome.ROLLED_BACK, ctx.clock.now());
                    ctx.audit.succeeded(attempt, Map.of("outcome", "rolled_back", "intent_id", intent.id()));
                    return null;
                });
                return new RecoveryReport.Recovered(intent.id(), intent.kind(), path, IntentOutcome.ROLLED_BACK,
                        "the file was taken back off the cache; its original is in place");
            }
            ctx.storage.release(intent.placement());
            ctx.audit.transaction(attempt, () -> {
                CachedFile file = intent.fileId() == null ? null : ctx.files.findById(intent.fileId()).orElse(null);
                if (file != null && file.status() != FileStatus.REMOVED) {
                    ctx.files.save(file.markRemoved(ctx.clock.now()));
                }
                ctx.journal.finish(intent.id(), IntentOutcome.COMPLETED, ctx.clock.now());
                ctx.audit.succeeded(attempt, Map.of("outcome", "completed", "intent_id", intent.id()));
                return null;
            });
            return new RecoveryReport.Recovered(intent.id(), intent.kind(), path, IntentOutcome.COMPLETED,
                    "the removal was completed; the original is in place");
        } catch (RuntimeException failure) {
            ctx.audit.failed(attempt, failure);
            return new RecoveryReport.Recovered(intent.id(), intent.kind(), path, null,
                    "still unfinished, retried at the next start: " + Audit.describe(failure));
        }
    }

    // ---- walking the cache in bounded memory ----

    private void walk(Set<FileStatus> statuses, UserId user, Consumer<CachedFile> each) {
        FileId after = null;
        while (true) {
            FileId from = after;
            List<CachedFile> batch = ctx.transactions.readOnly(() -> ctx.files.findByStatus(statuses, user, from, BATCH));
            batch.forEach(each);
            if (batch.size() < BATCH) return;
            after = batch.get(batch.size() - 1).id();
        }
    }
}
