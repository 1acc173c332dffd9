package cacherr.application.port.out;

import cacherr.domain.audit.AuditEntry;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentOutcome;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Page;
import java.time.Instant;
import java.util.List;

/**
 * Driven port: the audit log, and the journal of file operations in flight (recorded before their first file step,
 * finished after their last) that lets a crash be recovered from.
 */
public interface OperationJournal {
    void record(AuditEntry entry);

    /** Entries matching the filter, newest first (ties by id), with the total. */
    Page<AuditEntry> list(LogFilter filter);

    /** Deletes entries older than {@code cutoff}; returns how many. Touches nothing but the log. */
    default int pruneBefore(Instant cutoff) {
        return pruneBefore(cutoff, Integer.MAX_VALUE);
    }

    /**
     * Deletes the oldest entries older than {@code cutoff}, at most {@code atMost} of them; returns how many. A caller
     * prunes a long log in small transactions, so writers never wait long behind it. Touches nothing but the log.
     */
    int pruneBefore(Instant cutoff, int atMost);

    /** Records that a file operation is about to start. */
    void begin(FileOperationIntent intent);

    /** Records how a started file operation ended. Finishing an unknown or finished intent is refused. */
    void finish(String intentId, IntentOutcome outcome, Instant at);

    /** File operations begun and not finished, oldest first. */
    List<FileOperationIntent> unfinished();
}
