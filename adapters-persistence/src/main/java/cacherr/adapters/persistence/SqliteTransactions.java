package cacherr.adapters.persistence;

import cacherr.application.port.out.Transactions;
import java.util.function.Supplier;

/** The {@link Transactions} port over the adapter's thread-bound unit of work. */
final class SqliteTransactions implements Transactions {
    private final UnitOfWork unit;

    SqliteTransactions(UnitOfWork unit) {
        this.unit = unit;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return unit.transaction(false, work);
    }

    @Override
    public <T> T readOnly(Supplier<T> work) {
        return unit.transaction(true, work);
    }
}
