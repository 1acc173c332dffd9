package cacherr.application.port.out;

import java.util.Objects;

/**
 * The three driven ports a storage adapter provides together (they share its transactions). Swapping the storage
 * adapter means handing the application another one of these.
 */
public record Bookkeeping(CachedFiles files, OperationJournal journal, Transactions transactions) {
    public Bookkeeping {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(transactions, "transactions");
    }
}
