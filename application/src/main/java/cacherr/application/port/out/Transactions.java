package cacherr.application.port.out;

import java.util.function.Supplier;

/**
 * Driven port: the transaction boundary of a use case. Everything {@link CachedFiles} and {@link OperationJournal}
 * do inside {@code work} commits together, or — when {@code work} throws — not at all. A transaction begun inside
 * another joins it.
 */
public interface Transactions {
    /** Runs {@code work} in a read-write transaction. */
    <T> T inTransaction(Supplier<T> work);

    /**
     * Runs {@code work} in a read-only transaction that sees one consistent state. Writing inside it is a programming
     * error that an adapter may refuse (the SQLite adapter does, since upgrading a snapshot could write from stale
     * data); a read-only transaction begun inside a read-write one joins it.
     */
    <T> T readOnly(Supplier<T> work);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
