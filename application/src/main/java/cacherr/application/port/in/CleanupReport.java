package cacherr.application.port.in;

import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import java.util.List;

/**
 * What a cleanup found and did (or, in a dry run, would do).
 *
 * @param orphanedCount           active files this run marked orphaned (or, with removeOrphaned, found orphaned
 *                                and removed): their cached copy missing or unusable; a second run counts 0
 * @param removedCount            files taken off the cache
 * @param pendingRemovalsDone     postponed removals carried out because their file is no longer in use
 * @param failedCount             files whose change failed (each has an audit-log entry saying why)
 * @param removeOrphaned          as asked
 * @param dryRun                  as asked
 * @param changes                 each change, in the order made (at most {@link #MAX_CHANGES_LISTED})
 */
public record CleanupReport(int orphanedCount, int removedCount, int pendingRemovalsDone, int failedCount,
                            boolean removeOrphaned, boolean dryRun, List<Change> changes) {
    public static final int MAX_CHANGES_LISTED = 1000;

    public CleanupReport {
        changes = List.copyOf(changes);
    }

    /** One file's change: from one status to another, and why. */
    public record Change(FileId id, String filePath, FileStatus from, FileStatus to, String why) {
    }
}
