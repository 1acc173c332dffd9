package cacherr.adapters.persistence.schema;

import cacherr.adapters.persistence.DatabaseRefusedException;
import cacherr.adapters.persistence.MigrationProgress;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

/**
 * Brings a database file to the schema this program knows, in plain JDBC before Hibernate starts. The file is first
 * looked at through a read-only connection: a file that is no SQLite database, is damaged, or is newer than this
 * program is refused with its bytes untouched. Each step then runs in one transaction with {@code user_version}.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final List<Migration> MIGRATIONS = List.of(new V3CanonicalTables(), new V4QueryStructures(),
            new V5UserTotals(), new V6SearchDocuments(), new V7ShortSearches(), new V8UserDays(),
            new V9OlderSqlite(), new V10AdoptedAttributions(), new V11BatchOperations(),
            new V12SelectionVersions(), new V13LogIndexes(), new V14FilterIndexes(),
            new V15FailedAuditEntries(), new V16LogDays(), new V17UserFiles(), new V18FilteredOrders(),
            new V19SearchVersions(), new V20AttributionVersions(), new V21RowStamps(),
            new V22UserOperationTotals(), new V23BooksStamp(), new V24LogRowStamps(), new V25BatchResultsStamps());
    /** The newest version written by the original Python Cacherr. */
    static final int LAST_LEGACY_VERSION = 2;
    public static final int LATEST = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    /** The versions the steps lead to, in order (not every number has a step: each change takes its own). */
    public static List<Integer> versions() {
        return MIGRATIONS.stream().map(Migration::version).toList();
    }

    /** The steps, in order. */
    static List<Migration> steps() {
        return MIGRATIONS;
    }

    private SchemaMigrator() {
    }

    /** Migrates {@code file} (created when missing) to {@link #LATEST}, checked first; returns its version before. */
    public static int migrate(Path file) {
        return migrate(file, true);
    }

    /**
     * Migrates {@code file} (created when missing) to {@link #LATEST}; returns the version it had before. A file that
     * needs migrating is always checked first; one already current only when {@code checkCurrent} (the caller checks
     * a large one later, with {@link #quickCheck}, while refusing writes).
     */
    public static int migrate(Path file, boolean checkCurrent) {
        return migrate(file, checkCurrent, progress -> { });
    }

    /**
     * As {@link #migrate(Path, boolean)}, telling {@code listener} how far it has come (on this thread, at each step
     * and between the parts of a long one). A listener that throws stops the migration: the step it ran in is rolled
     * back, the steps before it stay, and the next run goes on from there.
     */
    public static int migrate(Path file, boolean checkCurrent, Consumer<MigrationProgress> listener) {
        boolean exists = Files.exists(file);
        if (exists) Access.requireReadWrite(file);
        // a file left in the middle of a write is rolled back first, backed up with its journal as it was
        Optional<Path> recovered = exists ? HotJournal.recover(file, listener) : Optional.empty();
        int found = exists ? inspect(file, checkCurrent) : 0;
        if (found == LATEST) return found;
        List<Migration> due = MIGRATIONS.stream().filter(m -> m.version() > found).toList();
        try {
            boolean adopting;
            Progress progress;
            Optional<Path> copy = Optional.empty();
            LogCopyAlongside.deleteScratch(file); // a leftover of a run that stopped: only ever a copy's scratch
            // Read-only until the backup exists: a read-write connection that a failure closes would checkpoint a
            // -wal into the file before any copy of it was complete.
            try (Connection look = open(file, exists)) {
                adopting = found <= LAST_LEGACY_VERSION && Sql.tableExists(look, "cached_files");
                boolean backUp = adopting && recovered.isEmpty(); // that pair's backup is already of this state
                progress = progress(look, file, listener, backUp, due);
                if (backUp) {
                    progress.begin();
                    copy = backUp(look, file, found, progress);
                    progress.finish();
                }
            }
            try (Connection connection = open(file, false)) {
                tune(connection);
                Migration.Origin origin = new Migration.Origin(found, adopting,
                        copy.map(at -> new Migration.Backup(file, at)));
                for (Migration migration : due) {
                    progress.begin();
                    apply(connection, migration, origin, file, progress);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseRefusedException("cannot open " + file + " to migrate it: " + e.getMessage(), e);
        }
        return found;
    }

    /**
     * Whether {@code file} exists with a schema older than {@link #LATEST}, or has a hot journal to roll back first
     * (read-only; false when unreadable).
     */
    public static boolean needsMigration(Path file) {
        if (!Files.exists(file)) return false;
        try (Connection connection = open(file, true)) {
            return Sql.number(connection, "PRAGMA user_version") < LATEST;
        } catch (SQLException e) {
            return HotJournal.needsRollback(e); // otherwise the migration's own checks say why
        }
    }

    /**
     * The migration connection's settings; all end when the connection closes, and the journal stays as it is (each
     * step is still atomic and durable).
     * <ul>
     * <li>A bigger page cache: the copies and index builds of an original database touch hundreds of megabytes, and
     * SQLite's default of 2 MB made them re-read and spill pages all along.</li>
     * <li>Pages read through a memory map ({@link #MIGRATION_MMAP_BYTES}) instead of one {@code pread} of 4 KB each:
     * an adoption of 100,000 files and 1,000,000 log rows made 1.58 million such calls (6 GB copied from the kernel's
     * cache; ~1.4 s of system time) and makes 0.6 million with the map (PERFORMANCE.md). Only this connection maps the
     * file, and only while the service is not yet serving: it holds the file's write lock from its first step, and
     * the file has passed {@code quick_check} ({@link #inspect}, through {@code read()}). What a map costs: an I/O
     * error of the disk under a mapped page stops the process (SIGBUS) instead of failing the step; the step is then
     * rolled back from its journal at the next start, like after a power cut.</li>
     * <li>The sorter's runs sorted and merged on {@link #sortThreads} helper threads while this one reads on, so an
     * index build uses the machine's other cores: the adoption's index builds are mostly their sorts. SQLite's
     * threads only compare records (no collation or function of ours is called on them) and give the same order.</li>
     * </ul>
     */
    static void tune(Connection connection) throws SQLException {
        Sql.run(connection, "PRAGMA cache_size = -" + MIGRATION_CACHE_KIB);
        Sql.run(connection, "PRAGMA mmap_size = " + MIGRATION_MMAP_BYTES);
        Sql.run(connection, "PRAGMA threads = " + sortThreads(Runtime.getRuntime().availableProcessors()));
    }

    /** The page cache of the migration connection, in KiB. */
    static final int MIGRATION_CACHE_KIB = 64 * 1024;

    /**
     * How much of the file the migration connection maps, at most: 64 GB, more than any library's books (an adopted
     * 400,000-file original is ~3 GB); SQLite maps only what the file holds, and addresses are not memory.
     */
    static final long MIGRATION_MMAP_BYTES = 64L << 30;

    /** The sorter's helper threads for a machine of {@code cores}: one fewer than the cores, at most 3, none on one. */
    static int sortThreads(int cores) {
        return Math.max(0, Math.min(3, cores - 1));
    }

    private static Progress progress(Connection connection, Path file, Consumer<MigrationProgress> listener,
                                     boolean backUp, List<Migration> due) throws SQLException {
        long files = Sql.tableExists(connection, "cached_files")
                ? Sql.number(connection, "SELECT coalesce(max(rowid), 0) FROM cached_files") : 0;
        long logRows = Sql.tableExists(connection, "cache_operations_log")
                ? Sql.number(connection, "SELECT coalesce(max(rowid), 0) FROM cache_operations_log") : 0;
        List<String> names = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        if (backUp) {
            names.add("backup copy");
            weights.add(files * BACKUP_WEIGHT_PER_FILE + logRows * BACKUP_WEIGHT_PER_LOG_ROW);
        }
        for (Migration migration : due) {
            names.add("v" + migration.version() + " " + migration.shortName());
            weights.add(Math.max(1.0, migration.weight(files, logRows)));
        }
        return new Progress(file, listener, names, weights.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static final double BACKUP_WEIGHT_PER_FILE = 0.5;
    private static final double BACKUP_WEIGHT_PER_LOG_ROW = 0.3;

    /** The schema version of an existing file, read without writing a byte. */
    private static int inspect(Path file, boolean checkCurrent) {
        try (Connection connection = open(file, true)) {
            int version = (int) Sql.number(connection, "PRAGMA user_version");
            Sql.number(connection, "SELECT count(*) FROM sqlite_master"); // reads the schema: fails on garbage
            if (version > LATEST) {
                throw new DatabaseRefusedException(file + " has schema version " + version + ", newer than the "
                        + LATEST + " this Cacherr knows: it was written by a newer Cacherr. Upgrade Cacherr, or "
                        + "restore a backup; the file was left untouched.");
            }
            // A damaged file must be refused before anything writes to it (a migration, a checkpoint, a recovery).
            if (version < LATEST || checkCurrent) {
                String check = checkResult(connection, file);
                if (!check.equals("ok")) {
                    throw new DatabaseRefusedException(file + " is damaged (PRAGMA quick_check: " + check + "); it was"
                            + " left untouched and Cacherr did not start. Keep a copy of it and restore a backup.");
                }
            }
            return version;
        } catch (SQLException e) {
            if (damaged(e)) {
                throw new DatabaseRefusedException(file + " is damaged (SQLite: " + e.getMessage() + "); it was left"
                        + " untouched and Cacherr did not start. Keep a copy of it and restore a backup.", e);
            }
            throw new DatabaseRefusedException(file + " is not a readable SQLite database (" + e.getMessage()
                    + "); it was left untouched. Restore a backup or move it away.", e);
        }
    }

    /**
     * {@code PRAGMA quick_check} of an existing file through a read-only connection: "ok", or what is wrong (the
     * first few findings, or SQLite's error).
     */
    public static String quickCheck(Path file) {
        try (Connection connection = open(file, true)) {
            return checkResult(connection, file);
        } catch (SQLException e) {
            return "SQLite: " + e.getMessage();
        }
    }

    static String checkResult(Connection connection, Path file) throws SQLException {
        long started = System.nanoTime();
        String found = checkResult(connection);
        LOG.info("Checked {} (PRAGMA quick_check) in {} ms: {}", file, (System.nanoTime() - started) / 1_000_000,
                found);
        return found;
    }

    /** The first few lines of {@code PRAGMA quick_check}: "ok", or what is wrong. */
    private static String checkResult(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery("PRAGMA quick_check(3)")) {
            StringBuilder found = new StringBuilder();
            while (rows.next()) found.append(found.length() == 0 ? "" : "; ").append(rows.getString(1));
            return found.length() == 0 ? "no answer" : found.toString();
        }
    }

    /** Whether SQLite said the file is damaged ({@code SQLITE_CORRUPT}) rather than no database at all. */
    private static boolean damaged(SQLException e) {
        return e instanceof org.sqlite.SQLiteException
                && (((org.sqlite.SQLiteException) e).getResultCode().code & 0xff) == 11;
    }

    /**
     * A consistent copy next to the file before a legacy database is rebuilt: the way back is never lost. A file in a
     * rollback-journal mode (the original's) is copied byte for byte while this connection holds a read transaction,
     * so no writer can commit meanwhile (the instance lock keeps Cacherr's own out; a sqlite3 shell waits). The kernel
     * copies it: 0.15 s of CPU for 448 MB, where SQLite's online backup took 0.6-1.9 s (and {@code VACUUM INTO}, which
     * rebuilt every table and index, more; PERFORMANCE.md). A file in WAL mode has pages in its {@code -wal} the file
     * lacks: SQLite's online backup copies those. The copy is made durable before the first write to the file. An
     * existing file is never overwritten: a second copy in the same second gets a number. Returns the byte copy
     * (none for a file in WAL mode, whose copy is not the file's bytes).
     */
    private static Optional<Path> backUp(Connection connection, Path file, int version, Progress progress)
            throws SQLException {
        long started = System.nanoTime();
        Path backup = FileCopy.freeName(file, "v" + version, ".bak");
        boolean byteCopy = !Sql.text(connection, "PRAGMA journal_mode").equalsIgnoreCase("wal");
        if (byteCopy) {
            copyWhileRead(connection, file, backup, progress);
        } else {
            onlineBackup(connection, backup, progress);
        }
        LOG.info("Backed up {} (schema version {}) to {} in {} ms before migrating it", file, version, backup,
                (System.nanoTime() - started) / 1_000_000);
        return byteCopy ? Optional.of(backup) : Optional.empty();
    }

    private static void onlineBackup(Connection connection, Path backup, Progress progress) throws SQLException {
        int result = connection.unwrap(SQLiteConnection.class).getDatabase().backup("main", backup.toString(),
                (remaining, pages) -> progress.rows("pages copied", pages - remaining, pages), 100, 3, BACKUP_PAGES_PER_STEP);
        if (result != 0) throw new SQLException("the backup copy to " + backup + " failed (SQLite code " + result + ")");
    }

    /** The file's bytes copied to {@code backup} (a new file, synced with its directory) inside a read transaction. */
    private static void copyWhileRead(Connection connection, Path file, Path backup, Progress progress)
            throws SQLException {
        long pageSize = Sql.number(connection, "PRAGMA page_size");
        Sql.run(connection, "BEGIN");
        try (FileChannel from = FileChannel.open(file, StandardOpenOption.READ)) {
            Sql.number(connection, "SELECT count(*) FROM sqlite_master"); // takes the read lock
            long pages = Sql.number(connection, "PRAGMA page_count");
            FileCopy.copy(from, pages * pageSize, backup, progress, pageSize, 0, pages);
            FileCopy.syncDirectory(backup.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new SQLException("the backup copy to " + backup + " failed: " + e, e);
        } finally {
            Sql.run(connection, "COMMIT");
        }
    }

    /** Pages copied between two progress reports of the backup (16 MB of 4 KB pages). */
    private static final int BACKUP_PAGES_PER_STEP = 4096;

    private static void apply(Connection connection, Migration migration, Migration.Origin origin, Path file,
                              Progress progress) throws SQLException {
        long started = System.nanoTime();
        Sql.run(connection, "BEGIN IMMEDIATE");
        try {
            migration.apply(connection, origin, progress);
            long brokenReferences = migration.writesReferences()
                    ? Sql.number(connection, "SELECT count(*) FROM pragma_foreign_key_check") : 0;
            if (brokenReferences > 0) {
                throw new SQLException(brokenReferences + " rows would break a foreign key");
            }
            Sql.run(connection, "PRAGMA user_version = " + migration.version());
            progress.finish();
            Sql.run(connection, "COMMIT");
            LOG.info("Migrated {} to schema version {} in {} ms: {}", file, migration.version(),
                    (System.nanoTime() - started) / 1_000_000, migration.description());
        } catch (SQLException | RuntimeException e) {
            Sql.run(connection, "ROLLBACK");
            throw new DatabaseRefusedException("migrating " + file + " to schema version " + migration.version()
                    + " (" + migration.description() + ") failed and was rolled back: " + e.getMessage(), e);
        } finally {
            try {
                migration.afterTransaction(connection, file);
            } catch (SQLException e) {
                LOG.warn("Could not let go of what step {} of {} left: {}", migration.version(), file, e.toString());
            }
        }
    }

    static Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setOpenMode(readOnly ? SQLiteOpenMode.READONLY : SQLiteOpenMode.READWRITE);
        if (!readOnly) config.setOpenMode(SQLiteOpenMode.CREATE);
        config.setReadOnly(readOnly);
        return open(file, config);
    }

    /** {@code file} opened with {@code config}, foreign keys off; a writable connection with the steps' functions. */
    static Connection open(Path file, SQLiteConfig config) throws SQLException {
        config.enforceForeignKeys(false); // a table rebuild must not cascade; checked by foreign_key_check instead
        config.setBusyTimeout(10_000);
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        if (!connection.isReadOnly()) registerFunctions(connection);
        return connection;
    }

    private static void registerFunctions(Connection connection) throws SQLException {
        Function.create(connection, "canonical_ts", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                result(Timestamps.canonical(value_text(0)));
            }
        }, 1, Function.FLAG_DETERMINISTIC);
        Function.create(connection, "action_code", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                result(LegacyOperationTypes.actionCode(value_text(0)));
            }
        }, 1, Function.FLAG_DETERMINISTIC);
        Function.create(connection, "short_chars", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                result(V7ShortSearches.rewrittenInJava(value_text(0)));
            }
        }, 1, Function.FLAG_DETERMINISTIC);
        Function.create(connection, "file_name", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                String path = value_text(0);
                result(path == null ? null : path.substring(path.lastIndexOf('/') + 1));
            }
        }, 1, Function.FLAG_DETERMINISTIC);
    }
}
