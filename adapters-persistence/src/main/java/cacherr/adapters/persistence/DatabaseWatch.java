package cacherr.adapters.persistence;

import cacherr.application.port.out.StoreHealth;
import cacherr.application.port.out.StoreUnavailableException;
import cacherr.application.port.out.StoreUnhealthyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * Watches the open database for the two faults SQLite does not stop by itself: damage met by a query
 * ({@code SQLITE_CORRUPT}, {@code SQLITE_NOTADB}), and the file deleted or replaced under the running service (SQLite
 * keeps writing into the inode it opened, which nobody will ever read again). Either one is remembered for good: the
 * store reports it as its health, and every later write is refused with a {@link StoreUnhealthyException} that names
 * it, until a person has looked and restarted the service.
 *
 * <p>The file's identity (device and inode, as {@link BasicFileAttributes#fileKey()}) is read at open and compared
 * before every write transaction and every health check: one {@code stat}, a few microseconds.
 */
final class DatabaseWatch implements StoreHealth {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWatch.class);
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private final Path file;
    private final Object identity;
    private volatile String problem;
    private volatile String pending;
    private volatile Thread privileged;

    DatabaseWatch(Path file) {
        this.file = file;
        this.identity = identityOf(file);
    }

    @Override
    public Optional<String> problem() {
        if (problem == null) checkIdentity();
        return Optional.ofNullable(problem);
    }

    @Override
    public Optional<String> pending() {
        return Optional.ofNullable(pending);
    }

    /** Refuses a write once the store is known to be unhealthy, or is found so now, or is not open to writes yet. */
    void beforeWrite() {
        problem().ifPresent(words -> {
            throw new StoreUnhealthyException(words + " Nothing was written.");
        });
        String waiting = pending;
        if (waiting != null && Thread.currentThread() != privileged) {
            throw new StoreUnavailableException(waiting + "; writes are refused until it has passed (reads work)."
                    + " Nothing was written; try again shortly.", null);
        }
    }

    /** From now on writes are refused, saying {@code why}, until {@link #openWrites}. */
    void holdWrites(String why) {
        pending = why;
    }

    /** Writes from the calling thread alone are let through while they are held (start-up recovery). */
    void allowWritesFromThisThread() {
        privileged = Thread.currentThread();
    }

    void openWrites() {
        pending = null;
        privileged = null;
    }

    /** Marks the store unhealthy for good with {@code words} (a check that found damage). */
    void fail(String words) {
        report(words);
    }

    /** The failure as a store problem when SQLite found the file damaged; the problem is then remembered. */
    Optional<StoreUnhealthyException> damage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException) {
                int primary = ((SQLiteException) cause).getResultCode().code & 0xff;
                if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
                    report("the database " + file + " is damaged (SQLite: " + cause.getMessage() + "); Cacherr stopped"
                            + " writing to it. Stop Cacherr, keep a copy of the file, and restore a backup (or check"
                            + " it with the sqlite3 shell: PRAGMA integrity_check).");
                    return Optional.of(new StoreUnhealthyException(problem + " Nothing was written.", failure));
                }
            }
        }
        return Optional.empty();
    }

    private void checkIdentity() {
        Object now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException gone) {
            report("the database file " + file + " was deleted or moved away while Cacherr was running; Cacherr stopped"
                    + " writing, because nothing written now would be kept. Put the file back (or restore a backup)"
                    + " and restart Cacherr.");
            return;
        } catch (IOException unreadable) {
            return; // cannot tell: a transient failure to stat is no proof of anything
        }
        if (identity != null && now != null && !identity.equals(now)) {
            report("the database file " + file + " was replaced by another file while Cacherr was running; Cacherr"
                    + " stopped writing, because it still has the old one open. Restart Cacherr to use the new file.");
        }
    }

    private synchronized void report(String words) {
        if (problem != null) return;
        problem = words;
        LOG.error("The books are unhealthy: {}", words);
    }

    private static Object identityOf(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
