package cacherr.application.port.out;

import java.util.Objects;

/**
 * The driven ports a storage adapter provides together (they share its transactions), and its health. Swapping the
 * storage adapter means handing the application another one of these.
 */
public record Bookkeeping(CachedFiles files, OperationJournal journal, Transactions transactions, StoreHealth health) {
    public Bookkeeping {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(health, "health");
    }

    /** A store that is never damaged or lost while running (memory). */
    public Bookkeeping(CachedFiles files, OperationJournal journal, Transactions transactions) {
        this(files, journal, transactions, StoreHealth.alwaysSound());
    }
}
