package cacherr.application.service;

import cacherr.application.CacheSettings;
import cacherr.application.port.out.CacheStorage;
import cacherr.application.port.out.CachedFiles;
import cacherr.application.port.out.Clock;
import cacherr.application.port.out.IdGenerator;
import cacherr.application.port.out.OperationJournal;
import cacherr.application.port.out.Transactions;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentKind;
import cacherr.domain.audit.IntentOutcome;
import cacherr.domain.error.NotFoundException;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.Placement;
import java.util.Objects;

/** The driven ports and shared helpers every service works with. */
public final class Context {
    final CachedFiles files;
    final OperationJournal journal;
    final Transactions transactions;
    final ForegroundFirst priority;
    final CacheStorage storage;
    final Clock clock;
    final IdGenerator ids;
    final CacheSettings settings;
    final Audit audit;
    final PathLocks locks = new PathLocks();

    public Context(CachedFiles files, OperationJournal journal, Transactions transactions, CacheStorage storage,
                   Clock clock, IdGenerator ids, CacheSettings settings) {
        this.files = Objects.requireNonNull(files, "files");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.priority = new ForegroundFirst(Objects.requireNonNull(transactions, "transactions"));
        this.transactions = priority; // the single-file use cases' writes go before the batches'
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.audit = new Audit(journal, this.transactions, clock, ids);
    }

    /** The file with {@code id}, read in a transaction of its own. */
    CachedFile existing(FileId id) {
        return transactions.readOnly(() -> files.findById(id)).orElseThrow(() -> notFound(id));
    }

    /** The file with {@code id} inside the current transaction. */
    CachedFile current(FileId id) {
        return files.findById(id).orElseThrow(() -> notFound(id));
    }

    static NotFoundException notFound(FileId id) {
        return new NotFoundException("no cached file has the id " + id);
    }

    /** Records, in a transaction of its own, that a file operation is about to start. */
    FileOperationIntent begin(IntentKind kind, FileId fileId, Placement placement) {
        FileOperationIntent intent = new FileOperationIntent(ids.newId(), kind, fileId, placement, clock.now());
        transactions.run(() -> journal.begin(intent));
        return intent;
    }

    /** Records how a file operation ended, in a transaction of its own. */
    void finish(FileOperationIntent intent, IntentOutcome outcome) {
        transactions.run(() -> journal.finish(intent.id(), outcome, clock.now()));
    }
}
