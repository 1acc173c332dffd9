package cacherr.adapters.persistence.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The later part of an original's audit log copied on a second thread while the migration's own thread copies the
 * files and the earlier part (step 3 of an adoption, on a machine of two cores or more): the copy is most of the step,
 * one core's work, and the other core was idle (PERFORMANCE.md, "Eleventh round").
 *
 * <p>The second thread reads the rows from the backup copy this run made of the file before its first step, never
 * from the file itself (the migration's connection holds its write lock), and writes them, rewritten by the very
 * statement the migration's thread runs ({@link V3CanonicalTables}), into a scratch database next to the file that
 * nothing but this class uses ({@link #scratch}). The migration's thread then appends the scratch table's rows to its
 * own copy in one statement that moves records without decoding them (SQLite's transfer of a table into one of the
 * same definition), in rowid order, so the log ends as the copy on one thread makes it: the same rows under the same
 * rowids.
 *
 * <p>Only when the backup is the file's very state: it is a byte copy made in this run, and the file's 100-byte
 * header, read under the step's write lock, is still the copy's. In a rollback-journal database every commit moves
 * the header's change counter, so a program that wrote to the file after the copy was made (it may, between the
 * backup's read lock and the step's write lock) is noticed and the whole log is copied from the file. A copy that
 * fails for any reason (a full disk, a damaged backup, a stop) is thrown away and its rows copied by the migration's
 * thread: it costs time, never a row. The scratch file is deleted when the step ends, and when a migration begins
 * (the leftover of a run that died).
 */
final class LogCopyAlongside implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    /** The name under which the migration's connection reads the scratch database. */
    static final String SCHEMA = "log_copy";
    /** Log rows below which the whole log is copied on the migration's thread: a thread and a file cost more. */
    static final long MIN_ROWS = 10_000;
    /**
     * The part of the log's rowids the migration's thread copies itself, after the files: with 100,000 files and
     * 1,000,000 rows the two threads end at about the same time (the files take ~2 s, a row ~3.6 µs here and ~2.5-3.4
     * µs on the second thread; moving a row in costs ~0.65 µs more). Measured at 0.15 to 0.45: the second thread
     * ended first each time, and the larger shares only left it idle longer (PERFORMANCE.md, "Eleventh round").
     */
    static final double OWN_SHARE = 0.15;
    /**
     * The tests' switches: the smallest log copied alongside, the cores counted, and a hook run on the second thread
     * after each part it copied (with the rows so far; it may throw).
     */
    static volatile long minRows = MIN_ROWS;
    static volatile int cores = Runtime.getRuntime().availableProcessors();
    static volatile LongConsumer afterPart = rows -> { };
    static volatile ToLongFunction<Path> usableSpace = LogCopyAlongside::usableSpaceBeside;

    private final Path scratch;
    private final long from;
    private final long to;
    private final Thread thread;
    private final AtomicLong copied = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean complete;
    private volatile Throwable failure;
    private volatile long copyNanos;

    private LogCopyAlongside(Path scratch, Path backup, String tableSql, String copySql, long from, long to) {
        this.scratch = scratch;
        this.from = from;
        this.to = to;
        this.thread = new Thread(() -> copy(backup, tableSql, copySql), "cacherr-log-copy");
        this.thread.setDaemon(true);
    }

    /** The scratch database of {@code database}'s migration: a name next to it that only this class uses. */
    static Path scratch(Path database) {
        return database.resolveSibling(database.getFileName() + ".adoption-log-copy.tmp");
    }

    /**
     * The scratch database deleted (a leftover of a run that stopped): only a file, or a link in its place (the link,
     * never what it points to, which SQLite would otherwise open); anything else under that name is left as it is,
     * and the copy then fails and is made on one thread.
     */
    static void deleteScratch(Path database) {
        Path scratch = scratch(database);
        if (!deleteIfScratch(scratch) && Files.exists(scratch, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("{} is not a scratch copy of Cacherr's; left as it is (the audit log is copied on one thread)",
                    scratch);
        }
    }

    /** {@code scratch} deleted when it is a file or a link (see {@link #deleteScratch}); whether it was. */
    private static boolean deleteIfScratch(Path scratch) {
        if (!Files.isRegularFile(scratch, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(scratch)) return false;
        FileCopy.deleteQuietly(scratch);
        return true;
    }

    /**
     * A copy of the log's rows with rowids in ({@code split}, {@code last}] started on its own thread, when it may be:
     * the run made a byte copy ({@code origin}), the machine has a second core, the log is large enough, and the
     * file's header is still the copy's. Called inside the step's write transaction.
     *
     * @param copySql the step's statement copying the rows with rowids in (?1, ?2] of {@code cache_operations_log}
     *                into {@code new_cache_operations_log}
     * @param tableSql the definition of {@code new_cache_operations_log}
     */
    static Optional<LogCopyAlongside> start(Migration.Origin origin, String tableSql, String copySql,
                                            long split, long last, long rows) {
        if (origin.backup().isEmpty() || rows < minRows || split >= last || cores < 2) {
            return Optional.empty();
        }
        Path database = origin.backup().get().database();
        Path backup = origin.backup().get().copy();
        long room = usableSpace.applyAsLong(database);
        long needed = ROOM_PER_FILE_BYTE * database.toFile().length();
        if (room < needed) {
            LOG.info("{} has {} MB free beside it, less than the {} MB the migration and a second copy of its audit"
                    + " log could take: the log is copied on one thread", database, room >> 20, needed >> 20);
            return Optional.empty();
        }
        if (!sameHeader(database, backup)) {
            LOG.info("{} changed after its backup copy was made: its audit log is copied on one thread", database);
            return Optional.empty();
        }
        Path scratch = scratch(database);
        if (!deleteIfScratch(scratch) && Files.exists(scratch, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // someone else's, said when the migration began (deleteScratch)
        }
        LogCopyAlongside copy = new LogCopyAlongside(scratch, backup, tableSql, copySql, split, last);
        copy.thread.start();
        return Optional.of(copy);
    }

    /**
     * Free bytes wanted beside the file per byte of it before a second copy starts: the migration itself grows the
     * file by about its size (PERFORMANCE.md: 404 to ~800 MB), and the scratch takes at most the log's share of it. A
     * scratch must never be what fills the disk under a migration that would have had room without it.
     */
    static final long ROOM_PER_FILE_BYTE = 2;

    static long usableSpaceBeside(Path database) {
        try {
            return Files.getFileStore(database.toAbsolutePath().getParent()).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether the first 100 bytes (SQLite's header, with its change counter) of both files are the same. */
    static boolean sameHeader(Path database, Path backup) {
        try {
            return Arrays.equals(header(database), header(backup));
        } catch (IOException e) {
            LOG.info("Could not compare {} with its backup copy {}: {}", database, backup, e.toString());
            return false;
        }
    }

    private static byte[] header(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(100);
            while (header.hasRemaining() && channel.read(header) > 0) {
                // read on
            }
            if (header.hasRemaining()) throw new IOException(file + " is shorter than a database header");
            return header.array();
        }
    }

    /** The first rowid this copy does not copy: the migration's thread copies the rows up to it. */
    long from() {
        return from;
    }

    /** Rows copied so far, for the step's progress. */
    long copied() {
        return copied.get();
    }

    /** The second thread's work: the rows read from the backup (read-only) into the scratch table, in parts. */
    private void copy(Path backup, String tableSql, String copySql) {
        long started = System.nanoTime();
        SQLiteConfig config = new SQLiteConfig();
        config.setOpenMode(SQLiteOpenMode.READWRITE);
        config.setOpenMode(SQLiteOpenMode.CREATE);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        config.setJournalMode(SQLiteConfig.JournalMode.OFF); // a scratch file: thrown away unless complete
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        try (Connection connection = SchemaMigrator.open(scratch, config)) {
            Sql.run(connection, "PRAGMA cache_size = -" + CACHE_KIB);
            try (PreparedStatement attach = connection.prepareStatement("ATTACH DATABASE ? AS original")) {
                attach.setString(1, backup.toAbsolutePath().toUri() + "?mode=ro");
                attach.execute();
            }
            Sql.run(connection, "PRAGMA original.mmap_size = " + SchemaMigrator.MIGRATION_MMAP_BYTES);
            Sql.run(connection, tableSql);
            try (PreparedStatement part = connection.prepareStatement(copySql)) {
                for (long start = from; start < to && !stopping; start += V3CanonicalTables.LOG_CHUNK) {
                    part.setLong(1, start);
                    part.setLong(2, Math.min(to, start + V3CanonicalTables.LOG_CHUNK));
                    afterPart.accept(copied.addAndGet(part.executeUpdate()));
                }
            }
            complete = !stopping;
        } catch (Throwable e) {
            failure = e;
        } finally {
            copyNanos = System.nanoTime() - started;
            if (!complete) deleteIfScratch(scratch); // its space back at once, for the migration's own copy
        }
    }

    /** The scratch connection's page cache in KiB: it appends to one table and reads the backup through a map. */
    private static final int CACHE_KIB = 8 * 1024;

    /**
     * Waits for the second thread (telling {@code progress} the rows done, {@code own} of them by the migration's
     * thread, of {@code rows}), then appends its rows to the migration's {@code new_cache_operations_log}. Returns the
     * rows appended, or -1 when the copy failed: the caller copies its rowids itself.
     */
    long append(Connection connection, Progress progress, long own, long rows) throws SQLException {
        long waitFrom = System.nanoTime();
        try {
            while (thread.isAlive()) {
                if (progress != null) progress.rows("audit log rows", own + copied.get(), rows);
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the audit log was copied", e);
        }
        if (!complete) {
            LOG.warn("The second thread's copy of the audit log failed ({}); this thread copies those rows itself",
                    failure == null ? "stopped" : failure.toString());
            return -1;
        }
        long appendFrom = System.nanoTime();
        try (PreparedStatement attach = connection.prepareStatement("ATTACH DATABASE ? AS " + SCHEMA)) {
            attach.setString(1, scratch.toString());
            attach.execute();
        }
        long appended;
        try (var statement = connection.createStatement()) {
            appended = statement.executeUpdate("INSERT INTO main.new_cache_operations_log SELECT * FROM "
                    + SCHEMA + ".new_cache_operations_log");
        }
        if (appended != copied.get()) {
            throw new SQLException("the audit log's copy alongside held " + appended + " rows, not the "
                    + copied.get() + " it copied");
        }
        LOG.info("Audit log rows after rowid {}: {} copied by a second thread in {} ms (this one waited {} ms for it),"
                + " appended in {} ms", from, appended, copyNanos / 1_000_000, (appendFrom - waitFrom) / 1_000_000,
                (System.nanoTime() - appendFrom) / 1_000_000);
        return appended;
    }

    /** The second thread stopped (after the part it copies) and waited for: it never outlives the step. */
    @Override
    public void close() {
        stopping = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * After a step's transaction ended (committed or rolled back): the scratch database detached from
     * {@code connection} when it was attached (SQLite detaches only outside a transaction) and deleted.
     */
    static void release(Connection connection, Path database) throws SQLException {
        boolean attached;
        try (var statement = connection.createStatement();
             var names = statement.executeQuery("SELECT 1 FROM pragma_database_list WHERE name = '" + SCHEMA + "'")) {
            attached = names.next();
        }
        if (attached) Sql.run(connection, "DETACH DATABASE " + SCHEMA);
        deleteIfScratch(scratch(database));
    }
}
