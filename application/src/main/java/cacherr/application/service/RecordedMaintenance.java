package cacherr.application.service;

import cacherr.application.port.in.CleanupCommand;
import cacherr.application.port.in.CleanupReport;
import cacherr.application.port.in.CleanupUseCase;
import cacherr.application.port.in.PurgeRemovedUseCase;
import cacherr.application.port.in.VerifyCommand;
import cacherr.application.port.in.VerifyIntegrityUseCase;
import cacherr.application.port.in.VerifyReport;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.batch.ResultStatus;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cleanup, integrity checks and purges, each recorded as a finished batch operation when it has run, so they appear in
 * the history beside the batches started by clients. Each listed change or finding is a per-file result whose status
 * is read back from the books (a change that did not take is {@code failed}).
 */
public final class RecordedMaintenance implements CleanupUseCase, VerifyIntegrityUseCase, PurgeRemovedUseCase {
    private final Context ctx;
    private final MaintenanceService maintenance;
    private final BatchService batches;

    public RecordedMaintenance(Context ctx, MaintenanceService maintenance, BatchService batches) {
        this.ctx = ctx;
        this.maintenance = maintenance;
        this.batches = batches;
    }

    @Override
    public CleanupReport cleanup(CleanupCommand command) {
        Instant started = ctx.clock.now();
        CleanupReport report = maintenance.cleanup(command);
        String id = ctx.ids.newId();
        List<OperationResult> results = new ArrayList<>();
        for (CleanupReport.Change change : report.changes()) {
            CachedFile now = ctx.transactions.readOnly(() -> ctx.files.findById(change.id())).orElse(null);
            OperationResult pending = OperationResult.pending(ctx.ids.newId(), id, results.size(), change.id(),
                    change.filePath(), change.filePath(), null, BatchAction.CLEANUP, command.user(),
                    now == null ? 0 : now.sizeBytes());
            boolean took = command.dryRun() || (now != null && now.status() == change.to())
                    || (now == null && change.to() == FileStatus.REMOVED);
            String what = change.from().code() + " → " + change.to().code() + ": " + change.why();
            results.add(took ? pending.completed(ctx.clock.now(), command.dryRun() ? "would be " + what : what, null,
                    null, null, pending.fileSizeBytes())
                    : pending.failed(ctx.clock.now(), "did not take (" + what + "); the audit log says why"));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("orphaned_count", report.orphanedCount());
        details.put("removed_count", report.removedCount());
        details.put("pending_removals_done", report.pendingRemovalsDone());
        details.put("failed_count", report.failedCount());
        details.put("remove_orphaned", report.removeOrphaned());
        record(id, BatchAction.CLEANUP, command.dryRun(), command.user(),
                command.removeOrphaned() ? "cleanup: mark and remove orphaned files" : "cleanup: mark orphaned files",
                started, results, details);
        return report;
    }

    @Override
    public VerifyReport verify(VerifyCommand command) {
        Instant started = ctx.clock.now();
        VerifyReport report = maintenance.verify(command);
        String id = ctx.ids.newId();
        List<OperationResult> results = new ArrayList<>();
        for (VerifyReport.Finding finding : report.findings()) {
            OperationResult pending = OperationResult.pending(ctx.ids.newId(), id, results.size(), finding.id(),
                    finding.filePath(), finding.filePath(), null, BatchAction.VERIFY, command.user(), 0);
            String what = finding.state().name().toLowerCase() + ": " + finding.detail()
                    + (finding.before() == finding.after() ? "" : " (" + finding.before().code() + " → "
                    + finding.after().code() + ")");
            results.add(finding.state() == IntegrityState.INTACT
                    ? pending.completed(ctx.clock.now(), what, null, null, null, 0)
                    : pending.failed(ctx.clock.now(), what));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checked", report.checked());
        details.put("intact", report.intact());
        details.put("problems", report.checked() - report.intact());
        details.put("checksum", command.checksum());
        record(id, BatchAction.VERIFY, false, command.user(), command.ids().isEmpty()
                ? "integrity check of the whole cache" : "integrity check of " + command.ids().size() + " files",
                started, results, details);
        return report;
    }

    @Override
    public int purgeRemovedOlderThan(int days) {
        Instant started = ctx.clock.now();
        int purged = maintenance.purgeRemovedOlderThan(days);
        record(ctx.ids.newId(), BatchAction.PURGE, false, null, "purge records removed more than " + days + " days ago",
                started, List.of(), Map.of("purged", purged, "older_than_days", days));
        return purged;
    }

    /** The totals are the results' when each file is listed, else the report's counts. */
    private void record(String id, BatchAction action, boolean dryRun, UserId user, String reason, Instant started,
                        List<OperationResult> results, Map<String, Object> details) {
        BatchOperation batch = BatchOperation.pending(id, action, dryRun, "api", user, reason, started, results.size(),
                results.stream().mapToLong(OperationResult::fileSizeBytes).sum(),
                new Metadata(JsonText.object(details)));
        for (OperationResult result : results) {
            batch = batch.counted(result.status(), result.status() == ResultStatus.SKIPPED ? 0 : result.fileSizeBytes(), 0);
        }
        batches.record(batch.finished(ctx.clock.now()), results);
    }
}
