package cacherr.adapters.persistence.schema;

import cacherr.adapters.persistence.DatabaseRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
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
            new V12SelectionVersions());
    /** The newest version written by the original Python Cacherr. */
    static final int LAST_LEGACY_VERSION = 2;
    public static final int LATEST = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

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
        boolean exists = Files.exists(file);
        if (exists) Access.requireReadWrite(file);
        int found = exists ? inspect(file, checkCurrent) : 0;
        if (found == LATEST) return found;
        try (Connection connection = open(file, false)) {
            boolean adopting = found <= LAST_LEGACY_VERSION && Sql.tableExists(connection, "cached_files");
            if (adopting) backUp(connection, file, found);
            Migration.Origin origin = new Migration.Origin(found, adopting);
            for (Migration migration : MIGRATIONS) {
                if (migration.version() > found) apply(connection, migration, origin, file);
            }
        } catch (SQLException e) {
            throw new DatabaseRefusedException("cannot open " + file + " to migrate it: " + e.getMessage(), e);
        }
        return found;
    }

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

    private static String checkResult(Connection connection, Path file) throws SQLException {
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

    /** A consistent copy next to the file before a legacy database is rebuilt: the way back is never lost. */
    private static void backUp(Connection connection, Path file, int version) throws SQLException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path backup = file.resolveSibling(file.getFileName() + ".v" + version + "-" + stamp + ".bak");
        try (var statement = connection.prepareStatement("VACUUM INTO ?")) {
            statement.setString(1, backup.toString());
            statement.execute();
        }
        LOG.info("Backed up {} (schema version {}) to {} before migrating it", file, version, backup);
    }

    private static void apply(Connection connection, Migration migration, Migration.Origin origin, Path file)
            throws SQLException {
        Sql.run(connection, "BEGIN IMMEDIATE");
        try {
            migration.apply(connection, origin);
            long brokenReferences = Sql.number(connection, "SELECT count(*) FROM pragma_foreign_key_check");
            if (brokenReferences > 0) {
                throw new SQLException(brokenReferences + " rows would break a foreign key");
            }
            Sql.run(connection, "PRAGMA user_version = " + migration.version());
            Sql.run(connection, "COMMIT");
            LOG.info("Migrated {} to schema version {}: {}", file, migration.version(), migration.description());
        } catch (SQLException | RuntimeException e) {
            Sql.run(connection, "ROLLBACK");
            throw new DatabaseRefusedException("migrating " + file + " to schema version " + migration.version()
                    + " (" + migration.description() + ") failed and was rolled back: " + e.getMessage(), e);
        }
    }

    private static Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setOpenMode(readOnly ? SQLiteOpenMode.READONLY : SQLiteOpenMode.READWRITE);
        if (!readOnly) config.setOpenMode(SQLiteOpenMode.CREATE);
        config.setReadOnly(readOnly);
        config.enforceForeignKeys(false); // a table rebuild must not cascade; checked by foreign_key_check instead
        config.setBusyTimeout(10_000);
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        if (!readOnly) registerFunctions(connection);
        return connection;
    }

    private static void registerFunctions(Connection connection) throws SQLException {
        Function.create(connection, "canonical_ts", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                result(Timestamps.canonical(value_text(0)));
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
