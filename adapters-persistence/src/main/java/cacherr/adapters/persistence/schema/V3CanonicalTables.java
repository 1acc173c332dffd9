package cacherr.adapters.persistence.schema;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The tables of this Cacherr, created fresh or rebuilt from the original Cacherr's (user_version 0, 1 or 2) with every
 * row kept: timestamps in canonical form, legacy method names as their atomic form, {@code filename} derived from
 * the path as the domain does, and user rows whose file is gone moved to {@code detached_file_users} (kept, not
 * lost, not shown). SQLite cannot change column types in place, hence the documented rebuild (create, copy, drop,
 * rename) with foreign keys off.
 */
final class V3CanonicalTables implements Migration {
    private static final String TABLES = """
            CREATE TABLE new_cached_files (
                seq INTEGER PRIMARY KEY, -- a stable rowid (VACUUM may renumber implicit ones) for files_fts
                id TEXT NOT NULL UNIQUE,
                file_path TEXT NOT NULL UNIQUE,
                filename TEXT NOT NULL,
                original_path TEXT NOT NULL,
                cached_path TEXT NOT NULL,
                cache_method TEXT NOT NULL,
                file_size_bytes INTEGER NOT NULL,
                file_size_readable TEXT NOT NULL,
                cached_at TEXT NOT NULL,
                last_accessed TEXT,
                access_count INTEGER NOT NULL DEFAULT 0,
                triggered_by_user TEXT,
                triggered_by_operation TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'active',
                status_changed_at TEXT NOT NULL,
                metadata TEXT,
                created_at TEXT NOT NULL
            )
            ;;
            CREATE TABLE new_cached_file_users (
                cached_file_id TEXT NOT NULL REFERENCES cached_files (id) ON DELETE CASCADE,
                user_id TEXT NOT NULL,
                attribution_reason TEXT NOT NULL,
                added_at TEXT NOT NULL,
                PRIMARY KEY (cached_file_id, user_id)
            )
            """;

    /** Made after the log's table (the schema's order of old). */
    private static final String OTHER_TABLES = """
            CREATE TABLE detached_file_users (
                cached_file_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                attribution_reason TEXT,
                added_at TEXT,
                detached_by_migration INTEGER NOT NULL
            )
            ;;
            CREATE TABLE file_operation_intents (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                file_id TEXT,
                media_path TEXT NOT NULL,
                original_path TEXT NOT NULL,
                cached_path TEXT NOT NULL,
                method TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                outcome TEXT
            )
            """;

    /**
     * The audit log's new table (also made in the scratch database of {@link LogCopyAlongside}, whose rows are moved
     * into this one as they are only between tables of one definition). The id is unique through {@code idx_log_id},
     * made after the copy: a key index filled row by row in the order of the rows (random ids) took 25 s for 1,000,000
     * rows, sorted after the fill 5 s.
     */
    static final String LOG_TABLE = """
            CREATE TABLE new_cache_operations_log (
                id TEXT NOT NULL,
                operation_type TEXT NOT NULL,
                file_path TEXT NOT NULL,
                triggered_by TEXT NOT NULL,
                triggered_by_user TEXT,
                reason TEXT NOT NULL,
                success INTEGER NOT NULL,
                error_message TEXT,
                metadata TEXT,
                timestamp TEXT NOT NULL
            )""";

    private static final String COPY_FILES = """
            INSERT INTO new_cached_files (id, file_path, filename, original_path, cached_path, cache_method,
                file_size_bytes, file_size_readable, cached_at, last_accessed, access_count, triggered_by_user,
                triggered_by_operation, status, status_changed_at, metadata, created_at)
            SELECT id, file_path, file_name(file_path), original_path, cached_path,
                CASE lower(trim(cache_method)) WHEN 'copy' THEN 'atomic_copy' WHEN 'symlink' THEN 'atomic_symlink'
                    WHEN 'hardlink' THEN 'atomic_hardlink' ELSE lower(trim(cache_method)) END,
                file_size_bytes, file_size_readable, %1$s, %2$s,
                coalesce(access_count, 0), nullif(trim(triggered_by_user), ''), triggered_by_operation,
                lower(trim(status)), %1$s, metadata,
                coalesce(%3$s, %1$s)
            FROM cached_files ORDER BY cached_at, id
            """.formatted(Timestamps.canonicalInSql("cached_at"), Timestamps.canonicalInSql("last_accessed"),
                    Timestamps.canonicalInSql("created_at"));

    /** In the order of the new table's key: filled in the original's row order it cost 0.7 against 0.4 s of CPU. */
    private static final String COPY_USERS = """
            INSERT INTO new_cached_file_users (cached_file_id, user_id, attribution_reason, added_at)
            SELECT u.cached_file_id, u.user_id,
                coalesce(nullif(trim(u.attribution_reason), ''), f.triggered_by_operation),
                coalesce(%s, f.cached_at)
            FROM cached_file_users u JOIN new_cached_files f ON f.id = u.cached_file_id
            ORDER BY u.cached_file_id, u.user_id
            """.formatted(Timestamps.canonicalInSql("u.added_at"));

    private static final String DETACH_DANGLING_USERS = """
            INSERT INTO detached_file_users (cached_file_id, user_id, attribution_reason, added_at,
                detached_by_migration)
            SELECT u.cached_file_id, u.user_id, u.attribution_reason, u.added_at, 3
            FROM cached_file_users u WHERE NOT EXISTS (SELECT 1 FROM new_cached_files f WHERE f.id = u.cached_file_id)
            """;

    /**
     * One range of the original log's rowids (bound 1 and 2) copied; legacy operation types mapped (see V5) in SQL
     * ({@link LegacyOperationTypes#actionCodeInSql}); the timestamps' usual form rewritten in SQL
     * ({@link Timestamps#canonicalInSql}).
     */
    private static final String COPY_LOG = """
            INSERT INTO new_cache_operations_log (id, operation_type, file_path, triggered_by, triggered_by_user,
                reason, success, error_message, metadata, timestamp)
            SELECT id, CASE WHEN operation_type IN (%1$s) THEN operation_type ELSE %4$s END,
                file_path, triggered_by, nullif(trim(triggered_by_user), ''), reason,
                CASE WHEN success IN (1, '1', 'true', 'True', 'TRUE') THEN 1 ELSE 0 END, error_message,
                CASE WHEN operation_type IN (%1$s) THEN metadata ELSE %2$s END,
                %3$s
            FROM cache_operations_log WHERE rowid > ? AND rowid <= ? ORDER BY rowid
            """.formatted(LegacyOperationTypes.CURRENT.stream().sorted().map(c -> "'" + c + "'")
                    .collect(java.util.stream.Collectors.joining(", ")), V5UserTotals.LEGACY_METADATA,
                    Timestamps.canonicalInSql("coalesce(timestamp, '1970-01-01T00:00:00+00:00')"),
                    LegacyOperationTypes.actionCodeInSql("operation_type"));

    /** The original's triggering user of a file without a user row for them gets one (see V10). */
    private static final String ADD_TRIGGERING_USERS = """
            INSERT INTO new_cached_file_users (cached_file_id, user_id, attribution_reason, added_at)
            SELECT f.id, f.triggered_by_user, f.triggered_by_operation, f.cached_at FROM new_cached_files f
            WHERE f.triggered_by_user IS NOT NULL AND NOT EXISTS (SELECT 1 FROM new_cached_file_users u
                WHERE u.cached_file_id = f.id AND u.user_id = f.triggered_by_user)
            """;

    /** Rows of the log copied per statement: the progress is told between them. */
    static final int LOG_CHUNK = 50_000;

    @Override
    public int version() {
        return 3;
    }

    @Override
    public String description() {
        return "canonical tables (timestamps, atomic method names, file-operation journal)";
    }

    @Override
    public String shortName() {
        return "canonical tables";
    }

    @Override
    public double weight(long files, long logRows) {
        return files * 2.0 + logRows;
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        apply(connection, new Origin(0, false), null);
    }

    /**
     * When the original's tables are there this step adopts them, all in its one transaction: the copies, the
     * triggering users' rows ({@link V10AdoptedAttributions} did this before; here, before any trigger exists, it
     * costs one statement instead of every trigger per row) and the adoption record, so a run that stops at a later
     * step and starts again still knows the file was adopted.
     */
    @Override
    public void apply(Connection connection, Origin origin, Progress progress) throws SQLException {
        Sql.script(connection, TABLES);
        Sql.run(connection, LOG_TABLE);
        Sql.script(connection, OTHER_TABLES);
        boolean original = Sql.tableExists(connection, "cached_files");
        LogRows log = Sql.tableExists(connection, "cache_operations_log") ? LogRows.of(connection) : null;
        // started first: its thread copies the later rows while this one copies the files and the earlier rows
        LogCopyAlongside alongside = log == null ? null : LogCopyAlongside.start(origin, LOG_TABLE, COPY_LOG,
                log.split(), log.last(), log.rows()).orElse(null);
        try {
            if (original) {
                long version = Sql.number(connection, "PRAGMA user_version");
                Sql.run(connection, COPY_FILES);
                if (Sql.tableExists(connection, "cached_file_users")) {
                    Sql.run(connection, COPY_USERS);
                    Sql.run(connection, DETACH_DANGLING_USERS);
                    Sql.run(connection, "DROP TABLE cached_file_users");
                }
                Sql.run(connection, ADD_TRIGGERING_USERS);
                V10AdoptedAttributions.record(connection, version);
                Sql.run(connection, "DROP TABLE cached_files");
            }
            if (log != null) copyLog(connection, log, alongside, progress);
        } finally {
            if (alongside != null) alongside.close();
        }
        Sql.run(connection, "CREATE UNIQUE INDEX idx_log_id ON new_cache_operations_log (id)");
        // The original log is dropped after its copy's key index is built: a page freed in this transaction and filled
        // again in it goes through the rollback journal (its old content is what a rollback restores). Dropped before,
        // the index's 43 MB went through it at 1,000,000 rows; now it takes new pages and step 4 fills the freed ones,
        // which need no journal. (Dropping the files' tables last too would leave 17 MB free in the end: the later
        // steps need fewer pages than that would free.)
        if (log != null) Sql.run(connection, "DROP TABLE cache_operations_log");
        Sql.run(connection, "ALTER TABLE new_cached_files RENAME TO cached_files");
        Sql.run(connection, "ALTER TABLE new_cached_file_users RENAME TO cached_file_users");
        Sql.run(connection, "ALTER TABLE new_cache_operations_log RENAME TO cache_operations_log");
    }

    /** The audit log's scratch copy detached and deleted ({@link LogCopyAlongside#release}). */
    @Override
    public void afterTransaction(Connection connection, Path file) throws SQLException {
        LogCopyAlongside.release(connection, file);
    }

    /**
     * The original log's rows: how many, and the rowids of their range (first, last]; the rows the migration's thread
     * copies itself when a second thread copies the others end at {@code split}.
     */
    private record LogRows(long rows, long first, long last) {
        static LogRows of(Connection connection) throws SQLException {
            return new LogRows(Sql.number(connection, "SELECT count(*) FROM cache_operations_log"),
                    Sql.number(connection, "SELECT coalesce(min(rowid), 1) FROM cache_operations_log") - 1,
                    Sql.number(connection, "SELECT coalesce(max(rowid), 0) FROM cache_operations_log"));
        }

        long split() {
            return first + (long) ((last - first) * LogCopyAlongside.OWN_SHARE);
        }
    }

    /**
     * In ranges of rowids, in their order (the original's time order), telling the rows done between them; the rows
     * after {@code alongside}'s first rowid appended from its copy, or copied here when that copy failed.
     */
    private static void copyLog(Connection connection, LogRows log, LogCopyAlongside alongside, Progress progress)
            throws SQLException {
        long end = alongside == null ? log.last() : alongside.from();
        long done = copyLog(connection, log.first(), end, alongside, progress, 0, log.rows());
        if (alongside != null) {
            long appended = alongside.append(connection, progress, done, log.rows());
            done += appended >= 0 ? appended : copyLog(connection, end, log.last(), null, progress, done, log.rows());
        }
        if (progress != null) progress.rows("audit log rows", done, log.rows());
    }

    /** The rows with rowids in ({@code from}, {@code to}] copied in parts; returns how many. */
    private static long copyLog(Connection connection, long from, long to, LogCopyAlongside alongside,
                                Progress progress, long before, long rows) throws SQLException {
        long done = 0;
        try (PreparedStatement copy = connection.prepareStatement(COPY_LOG)) {
            for (long start = from; start < to; start += LOG_CHUNK) {
                long elsewhere = alongside == null ? 0 : alongside.copied();
                if (progress != null) progress.rows("audit log rows", before + done + elsewhere, rows);
                copy.setLong(1, start);
                copy.setLong(2, Math.min(to, start + LOG_CHUNK));
                done += copy.executeUpdate();
            }
        }
        return done;
    }
}
