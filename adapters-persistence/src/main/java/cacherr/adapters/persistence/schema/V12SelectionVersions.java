package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Two counters that say, exactly and inside any transaction, whether a file list may have changed: {@code files} moves
 * with every change to which files a list selects or to their order by any field but the access ones (a file's row
 * inserted or deleted; its seq, id, path, name, status, operation, size or cache time changed; an attribution
 * inserted, deleted or changed), {@code accesses} with every change of an access count or last access. A reader that
 * finds both where they were when it stored the ordered selection of a query knows the selection is still the same
 * (see {@code SelectionSnapshots}): the counters are data, so they belong to the reader's snapshot, they never go
 * back within committed history, and any writer — another process, the sqlite3 shell — moves them through these
 * triggers. Self-contained: one table, one row, seven triggers; run again, it changes nothing.
 */
final class V12SelectionVersions implements Migration {
    /** The columns of {@code cached_files} a list filters or sorts by (besides the access ones), and its keys. */
    static final String SELECTION_COLUMNS_CHANGED = "old.seq IS NOT new.seq OR old.id IS NOT new.id"
            + " OR old.file_path IS NOT new.file_path OR old.filename IS NOT new.filename"
            + " OR old.status IS NOT new.status OR old.triggered_by_operation IS NOT new.triggered_by_operation"
            + " OR old.file_size_bytes IS NOT new.file_size_bytes OR old.cached_at IS NOT new.cached_at";

    private static final String SCRIPT = """
            CREATE TABLE IF NOT EXISTS selection_versions (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                files INTEGER NOT NULL,
                accesses INTEGER NOT NULL
            )
            ;;
            INSERT OR IGNORE INTO selection_versions (id, files, accesses) VALUES (1, 0, 0)
            ;;
            CREATE TRIGGER IF NOT EXISTS selection_file_inserted AFTER INSERT ON cached_files BEGIN
                UPDATE selection_versions SET files = files + 1;
            END
            ;;
            CREATE TRIGGER IF NOT EXISTS selection_file_deleted AFTER DELETE ON cached_files BEGIN
                UPDATE selection_versions SET files = files + 1;
            END
            ;;
            CREATE TRIGGER IF NOT EXISTS selection_file_changed AFTER UPDATE ON cached_files
            WHEN (""" + SELECTION_COLUMNS_CHANGED + """
            ) BEGIN
                UPDATE selection_versions SET files = files + 1;
            END
            ;;
            CREATE TRIGGER IF NOT EXISTS selection_file_accessed AFTER UPDATE ON cached_files
            WHEN old.access_count IS NOT new.access_count OR old.last_accessed IS NOT new.last_accessed BEGIN
                UPDATE selection_versions SET accesses = accesses + 1;
            END
            ;;
            CREATE TRIGGER IF NOT EXISTS selection_user_inserted AFTER INSERT ON cached_file_users BEGIN
                UPDATE selection_versions SET files = files + 1;
            END
            ;;
            CREATE TRIGGER IF NOT EXISTS selection_user_deleted AFTER DELETE ON cached_file_users BEGIN
                UPDATE selection_versions SET files = files + 1;
            END
            ;;
            CREATE TRIGGER IF NOT EXISTS selection_user_changed AFTER UPDATE ON cached_file_users BEGIN
                UPDATE selection_versions SET files = files + 1;
            END
            """;

    @Override
    public int version() {
        return 12;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String description() {
        return "selection version counters (exact invalidation of cached deep-page selections)";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Sql.script(connection, SCRIPT);
    }
}
