package cacherr.adapters.web.dto;

import cacherr.application.port.in.CleanupReport;
import java.util.List;

/** What a cleanup found and did, or in a dry run would do, change by change. */
public record CleanupData(int orphanedCount, int removedCount, boolean removeOrphaned, boolean dryRun,
                          int pendingRemovalsDone, int failedCount, List<Change> changes) {
    public static CleanupData from(CleanupReport report) {
        return new CleanupData(report.orphanedCount(), report.removedCount(), report.removeOrphaned(),
                report.dryRun(), report.pendingRemovalsDone(), report.failedCount(),
                report.changes().stream().map(Change::from).toList());
    }

    public record Change(String fileId, String filePath, String from, String to, String why) {
        static Change from(CleanupReport.Change change) {
            return new Change(change.id().value(), change.filePath(), change.from().code(), change.to().code(),
                    change.why());
        }
    }
}
