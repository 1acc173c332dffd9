package cacherr.adapters.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log back into the database file on a thread of its own, never inside a request's commit.
 *
 * <p>SQLite's automatic checkpoint runs in whichever commit takes the log past 1,000 pages, before that commit returns
 * and so while the writer still holds the in-process write lock: a request that counted one access paid for copying
 * the pages a prune batch or a batch operation had written, and every writer queued behind it waited too (with the
 * pruning of 1,000,000 audit-log entries running, 14.5 % of single writes took over 100 ms, against 2.4 % with the
 * checkpoints moved off their path: bench/maintenance.sh, docs/PERFORMANCE.md). So the pool's connections never
 * checkpoint by themselves ({@link ConnectionPool}), every write transaction marks the log {@link #written()}, and
 * a {@code PASSIVE} checkpoint runs here every {@link #PERIOD} when something was written: it takes no write lock,
 * copies what no reader still needs, and leaves the rest for the next round, as the automatic one did. A failed one
 * (the disk full, another process checkpointing) changes nothing committed and is tried again at the next round.
 *
 * <p>The log grows by at most a period's writes between two rounds, and is cut back to
 * {@link ConnectionPool#WAL_SIZE_LIMIT_BYTES} each time SQLite starts it over, so a long pruning no longer leaves a
 * log of hundreds of MB behind. The last connection to close checkpoints what is left (SQLite does that itself).
 */
final class Checkpoints implements AutoCloseable {
    static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    /** What one {@code PRAGMA wal_checkpoint(PASSIVE)} reported. */
    record Result(boolean busy, long logFrames, long checkpointedFrames) {
    }

    private final DataSource pool;
    private final AtomicBoolean written = new AtomicBoolean();
    private final ScheduledExecutorService thread;
    private boolean failing;

    private Checkpoints(DataSource pool, ScheduledExecutorService thread) {
        this.pool = pool;
        this.thread = thread;
    }

    /** Checkpoints every {@code period} while anything is written. */
    static Checkpoints every(Duration period, DataSource pool) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread daemon = new Thread(task, "cacherr-checkpoint");
            daemon.setDaemon(true);
            return daemon;
        });
        Checkpoints checkpoints = new Checkpoints(pool, thread);
        thread.scheduleWithFixedDelay(checkpoints::runIfWritten, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        return checkpoints;
    }

    /** Checkpoints only when {@link #runIfWritten()} is called (tests: nothing runs in between). */
    static Checkpoints onRequest(DataSource pool) {
        return new Checkpoints(pool, null);
    }

    /** A write transaction has ended (committed or not): the next round checkpoints. */
    void written() {
        written.set(true);
    }

    /** One checkpoint when anything was written since the last one; what it did, or empty when nothing was due. */
    synchronized Optional<Result> runIfWritten() {
        if (!written.getAndSet(false)) return Optional.empty();
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            row.next();
            Result result = new Result(row.getInt(1) != 0, row.getLong(2), row.getLong(3));
            if (failing) LOG.info("Checkpoints of the write-ahead log work again");
            failing = false;
            return Optional.of(result);
        } catch (SQLException | RuntimeException e) {
            written.set(true); // tried again at the next round
            if (!failing) {
                LOG.warn("A checkpoint of the write-ahead log failed (tried again every {} ms; nothing committed is"
                        + " lost): {}", PERIOD.toMillis(), e.getMessage());
            } else {
                LOG.debug("A checkpoint of the write-ahead log failed again: {}", e.getMessage());
            }
            failing = true;
            return Optional.empty();
        }
    }

    /** Stops the rounds, letting one in progress finish. */
    @Override
    public void close() {
        if (thread == null) return;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) thread.shutdownNow();
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
