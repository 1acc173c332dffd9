package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The list's default order for an operation and, with the filtered columns, for a user (issue 15, sixth round).
 *
 * <ul>
 * <li>{@code idx_files_operation_cached_at (triggered_by_operation, cached_at, id)}: a list narrowed to an operation
 * and sorted by cache time reads its page from this index alone, skipping any offset in index entries; SQLite
 * gathered every file of the operation through {@code (triggered_by_operation, id)}, read each row for its cache time
 * and sorted them all, for every page — "ondeck" at 3/4 of its 14,306 files, read backwards from the end: 16 ms of
 * CPU in the shell, 0.1 ms with it. {@code (triggered_by_operation, id)} stays: the sort by operation walks it.</li>
 * <li>{@code user_files} (v17) made anew with each file's {@code status}, {@code operation} and
 * {@code file_size_bytes} beside its cache time: a user's page checks those filters in the table's own rows and reads
 * a file's row only for a match — user07 with "active", "ondeck" and 5–15 GB (314 of its 7,864 files) read 1,252 of
 * its files' rows for a first page, 1.5 ms in the shell; 0.15 ms from its rows alone.</li>
 * </ul>
 *
 * <p>Triggers keep {@code user_files} as v17's did — an attribution added, removed or moved adds, removes or moves
 * its row (a file's removal removes its attributions first) — and a file's new cache time, seq, status, operation or
 * size is copied to its rows. The new index's planner statistics are written here when the file has some (a database
 * that has none yet is analysed as a whole right after start-up, and one index's statistics alone would stop that).
 *
 * <p>Cost at 100,000 files: the index ~5 MB, the table ~125,000 rows (~14 MB); filled in about half a second. Writes:
 * each insert or delete, and each change of a file's operation or cache time, updates one more index entry; a change
 * of a file's status, operation or size updates its users' rows. Self-contained: run again, it changes nothing.
 */
final class V18FilteredOrders implements Migration {
    static final String FILL = "INSERT INTO user_files (user_id, cached_at, file_id, seq, status, operation,"
            + " file_size_bytes) SELECT u.user_id, f.cached_at, f.id, f.seq, f.status, f.triggered_by_operation,"
            + " f.file_size_bytes FROM cached_file_users u JOIN cached_files f ON f.id = u.cached_file_id";

    private static final String SCRIPT = """
            CREATE INDEX IF NOT EXISTS idx_files_operation_cached_at
                ON cached_files (triggered_by_operation, cached_at, id)
            ;;
            DROP TRIGGER IF EXISTS trg_user_files_insert
            ;;
            DROP TRIGGER IF EXISTS trg_user_files_delete
            ;;
            DROP TRIGGER IF EXISTS trg_user_files_move
            ;;
            DROP TRIGGER IF EXISTS trg_user_files_cached_at
            ;;
            DROP TRIGGER IF EXISTS trg_user_files_file
            ;;
            DROP TABLE IF EXISTS user_files
            ;;
            CREATE TABLE user_files (
                user_id TEXT NOT NULL,
                cached_at TEXT NOT NULL,
                file_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                status TEXT NOT NULL,
                operation TEXT NOT NULL,
                file_size_bytes INTEGER NOT NULL,
                PRIMARY KEY (user_id, cached_at, file_id)
            ) WITHOUT ROWID
            ;;
            """ + FILL + """

            ;;
            CREATE INDEX idx_user_files_file ON user_files (file_id, user_id)
            ;;
            CREATE TRIGGER trg_user_files_insert AFTER INSERT ON cached_file_users BEGIN
                INSERT INTO user_files (user_id, cached_at, file_id, seq, status, operation, file_size_bytes)
                SELECT new.user_id, f.cached_at, f.id, f.seq, f.status, f.triggered_by_operation, f.file_size_bytes
                FROM cached_files f WHERE f.id = new.cached_file_id;
            END
            ;;
            CREATE TRIGGER trg_user_files_delete AFTER DELETE ON cached_file_users BEGIN
                DELETE FROM user_files WHERE file_id = old.cached_file_id AND user_id = old.user_id;
            END
            ;;
            CREATE TRIGGER trg_user_files_move AFTER UPDATE OF cached_file_id, user_id ON cached_file_users
            WHEN old.cached_file_id IS NOT new.cached_file_id OR old.user_id IS NOT new.user_id BEGIN
                DELETE FROM user_files WHERE file_id = old.cached_file_id AND user_id = old.user_id;
                INSERT INTO user_files (user_id, cached_at, file_id, seq, status, operation, file_size_bytes)
                SELECT new.user_id, f.cached_at, f.id, f.seq, f.status, f.triggered_by_operation, f.file_size_bytes
                FROM cached_files f WHERE f.id = new.cached_file_id;
            END
            ;;
            CREATE TRIGGER trg_user_files_file AFTER UPDATE OF cached_at, seq, status, triggered_by_operation,
                file_size_bytes ON cached_files
            WHEN old.cached_at IS NOT new.cached_at OR old.seq IS NOT new.seq OR old.status IS NOT new.status
                OR old.triggered_by_operation IS NOT new.triggered_by_operation
                OR old.file_size_bytes IS NOT new.file_size_bytes BEGIN
                UPDATE user_files SET cached_at = new.cached_at, seq = new.seq, status = new.status,
                    operation = new.triggered_by_operation, file_size_bytes = new.file_size_bytes
                WHERE file_id = new.id;
            END
            """;

    @Override
    public int version() {
        return 18;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String shortName() {
        return "filtered orders";
    }

    @Override
    public String description() {
        return "each operation's files newest first, and each user's with the filtered columns (pages from index"
                + " entries)";
    }

    /** An index sorted by three short columns, and one pass over the attributions, each joined to its file. */
    @Override
    public double weight(long files, long logRows) {
        return files * 2.5;
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        apply(connection, null, null);
    }

    @Override
    public void apply(Connection connection, Origin origin, Progress progress) throws SQLException {
        Sql.script(connection, SCRIPT, progress, "filtered orders, statements");
        if (Sql.tableExists(connection, "sqlite_stat1")) {
            Sql.run(connection, "PRAGMA analysis_limit = 1000"); // as the service analyses every index
            try {
                Sql.run(connection, "ANALYZE idx_files_operation_cached_at");
                Sql.run(connection, "ANALYZE user_files");
            } finally {
                Sql.run(connection, "PRAGMA analysis_limit = 0");
            }
        }
    }
}
