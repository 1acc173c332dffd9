package cacherr.application.service;

import cacherr.application.port.out.Clock;
import cacherr.application.port.out.IdGenerator;
import cacherr.application.port.out.OperationJournal;
import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StoreUnavailableException;
import cacherr.application.port.out.Transactions;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.file.Metadata;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The audit trail of the use cases: a success is recorded inside the use case's transaction, a failure in a
 * transaction of its own after the rollback, so the log shows what was tried and why it failed.
 */
final class Audit {
    private final OperationJournal journal;
    private final Transactions transactions;
    private final Clock clock;
    private final IdGenerator ids;

    Audit(OperationJournal journal, Transactions transactions, Clock clock, IdGenerator ids) {
        this.journal = journal;
        this.transactions = transactions;
        this.clock = clock;
        this.ids = ids;
    }

    /** Runs {@code work} in one transaction; if it throws, records the failure of {@code attempt} and rethrows. */
    <T> T transaction(Attempt attempt, Supplier<T> work) {
        try {
            return transactions.inTransaction(work);
        } catch (RuntimeException failure) {
            failed(attempt, failure);
            throw failure;
        }
    }

    /** Records the success of {@code attempt}; call inside the transaction of the change. */
    void succeeded(Attempt attempt, Map<String, ?> details) {
        journal.record(entry(attempt, true, null, details));
    }

    /**
     * Records the failure of {@code attempt} in its own transaction. A failure to log never hides the failure; when the
     * books themselves are unavailable there is nowhere to write it, and trying would only wait out the lock again.
     */
    void failed(Attempt attempt, RuntimeException failure) {
        if (failure instanceof StoreUnavailableException) return;
        try {
            transactions.run(() -> journal.record(entry(attempt, false, describe(failure), null)));
        } catch (RuntimeException logFailure) {
            failure.addSuppressed(logFailure);
        }
    }

    private AuditEntry entry(Attempt attempt, boolean success, String error, Map<String, ?> details) {
        Metadata metadata = details == null || details.isEmpty() ? null : new Metadata(JsonText.object(details));
        return new AuditEntry(ids.newId(), attempt.action(), attempt.filePath(), attempt.triggeredBy(), attempt.user(),
                attempt.reason(), success, error, metadata, clock.now());
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) message = failure.getClass().getSimpleName();
        if (failure instanceof StorageException) {
            message = ((StorageException) failure).problem().name().toLowerCase() + ": " + message;
        }
        return message.length() > 2000 ? message.substring(0, 2000) : message;
    }
}
