package cacherr.adapters.persistence;

import cacherr.application.port.out.StoreUnavailableException;
import cacherr.application.port.out.StoreUnhealthyException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteException;

/**
 * The transaction bound to the current thread, shared by every port method called while it is open.
 *
 * <p>A stateless session: the domain's objects are immutable and mapped on every read, so a persistence context would
 * only hold copies nobody looks at (and grow during an export). Writers take {@code writeLock} before they begin — the
 * in-process form of {@code BEGIN IMMEDIATE}: at most one write transaction runs, so a read-then-write transaction
 * never meets {@code SQLITE_BUSY} or a stale snapshot. Readers run deferred transactions beside it (WAL).
 *
 * <p>Against other processes, a write transaction's first statement is a write that changes nothing: SQLite takes the
 * database's write lock for it, waiting out the busy timeout for a lock another process holds. (A transaction that
 * read first and then wants to write is refused at once in WAL mode, without waiting.) A lock still held after the
 * wait becomes a {@link StoreUnavailableException}, which callers can tell from a failure of their own.
 *
 * <p>One deadline covers both waits: a writer waits for {@code writeLock} at most the busy timeout, and then for
 * SQLite's lock only what is left of it. Without it, writers queued behind one that waits out another process's
 * lock each waited their turn and then a whole busy timeout of their own: the n-th answered after n busy timeouts
 * (10 s each by default). Now every one of them has its answer within one busy timeout of its arrival (plus the
 * pool's wait for a connection, when every connection is taken by readers). A write of this service that holds the
 * lock longer than the busy timeout makes the writers behind it fail the same way, as another process's would.
 *
 * <p>Every write transaction first asks the {@link DatabaseWatch} whether the file is still sound and still the one
 * opened; a failure of any transaction that shows damage makes the watch refuse writes from then on.
 */
final class UnitOfWork {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    /** The session factory; asked on every transaction, it waits only while Hibernate is still being built. */
    private final Supplier<SessionFactory> sessions;
    private final DatabaseWatch watch;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ThreadLocal<Bound> current = new ThreadLocal<>();
    private final long busyTimeoutNanos;
    /** {@link System#nanoTime}; a hook for tests, which move a writer's deadline without waiting for it. */
    private final LongSupplier clock;

    private record Bound(StatelessSession session, boolean readOnly) {
    }

    UnitOfWork(Supplier<SessionFactory> sessions, DatabaseWatch watch, Duration busyTimeout) {
        this(sessions, watch, busyTimeout, System::nanoTime);
    }

    UnitOfWork(Supplier<SessionFactory> sessions, DatabaseWatch watch, Duration busyTimeout, LongSupplier clock) {
        this.sessions = sessions;
        this.watch = watch;
        this.busyTimeoutNanos = busyTimeout.toNanos();
        this.clock = clock;
    }

    /** Runs {@code work} in the current transaction, or in a read-write one of its own. */
    <T> T write(Function<StatelessSession, T> work) {
        Bound bound = current.get();
        if (bound != null) {
            refuseWriteIn(bound);
            return work.apply(bound.session());
        }
        return transaction(false, () -> work.apply(current.get().session()));
    }

    /** Runs {@code work} in the current transaction, or in a read-only one of its own. */
    <T> T read(Function<StatelessSession, T> work) {
        Bound bound = current.get();
        if (bound != null) return work.apply(bound.session());
        return transaction(true, () -> work.apply(current.get().session()));
    }

    /**
     * Whether this thread is inside a read-only transaction: it sees committed data only, so what it reads is one
     * committed state of the books (a read-write one may see its own changes, which a rollback can take back).
     */
    boolean inReadOnlyTransaction() {
        Bound bound = current.get();
        return bound != null && bound.readOnly();
    }

    /** Runs {@code work} as one transaction; one already open on this thread is joined. */
    <T> T transaction(boolean readOnly, Supplier<T> work) {
        Bound bound = current.get();
        if (bound != null) {
            if (!readOnly) refuseWriteIn(bound);
            return work.get();
        }
        long deadline = readOnly ? 0 : clock.getAsLong() + busyTimeoutNanos;
        if (!readOnly) lockWithin(busyTimeoutNanos);
        try {
            if (!readOnly) watch.beforeWrite();
        } catch (RuntimeException refused) {
            writeLock.unlock();
            throw refused;
        }
        try (StatelessSession session = sessions.get().openStatelessSession()) {
            current.set(new Bound(session, readOnly));
            Transaction transaction = begin(session);
            try {
                if (!readOnly) session.doWork(connection -> takeWriteLock(connection, deadline));
                T result = work.get();
                transaction.commit();
                return result;
            } catch (RuntimeException | Error failure) {
                if (transaction.isActive()) rollbackQuietly(transaction, failure);
                Optional<StoreUnhealthyException> damaged = watch.damage(failure);
                if (damaged.isPresent()) throw damaged.get();
                Optional<StoreUnavailableException> locked = busy(failure);
                if (locked.isPresent()) throw locked.get();
                throw failure;
            }
        } finally {
            current.remove();
            if (!readOnly) writeLock.unlock();
        }
    }

    /** Begins, taking a pooled connection; every one of them in use past the pool's wait is "unavailable", not a bug. */
    private static Transaction begin(StatelessSession session) {
        try {
            return session.beginTransaction();
        } catch (RuntimeException failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLTransientConnectionException) {
                    throw new StoreUnavailableException("every connection to the database stayed in use past the"
                            + " wait (long exports or searches); nothing was changed, try again", failure);
                }
            }
            throw failure;
        }
    }

    /** The in-process write lock, waited for at most {@code nanos}; then the writer is told to try again. */
    private void lockWithin(long nanos) {
        boolean locked;
        try {
            locked = writeLock.tryLock(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for another write to finish; nothing was"
                    + " changed", e);
        }
        if (!locked) {
            throw new StoreUnavailableException("another write kept the database busy past the wait ("
                    + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms); nothing was changed, try again");
        }
    }

    /**
     * SQLite's write lock, waited for until {@code deadline} (what is left of the busy timeout after the wait for
     * {@code writeLock}; none left: one try without waiting). The connection's own busy timeout is put back after.
     */
    private void takeWriteLock(Connection connection, long deadline) throws SQLException {
        long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - clock.getAsLong()));
        SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
        sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, left));
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE cached_files SET id = id WHERE 0");
        } finally {
            sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(busyTimeoutNanos)));
        }
    }

    /** The failure as "the database is locked", when SQLite's busy or locked code is behind it. */
    private static Optional<StoreUnavailableException> busy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException) {
                int primary = ((SQLiteException) cause).getResultCode().code & 0xff;
                if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
                    return Optional.of(new StoreUnavailableException("the database is locked by another"
                            + " process and stayed locked past the wait; nothing was changed, try again", failure));
                }
            }
        }
        return Optional.empty();
    }

    /** A read transaction cannot be upgraded without risking a stale snapshot: the caller must write from the start. */
    private static void refuseWriteIn(Bound bound) {
        if (bound.readOnly()) {
            throw new IllegalStateException("cannot write inside a read-only transaction; begin a read-write one");
        }
    }

    private static void rollbackQuietly(Transaction transaction, Throwable failure) {
        try {
            transaction.rollback();
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
