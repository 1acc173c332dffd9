package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Batch operations and their per-file results, kept so the history survives a restart and a batch cut short can be
 * told apart at the next start ({@code status} pending or running). Results are stored by (batch, position): a page
 * of a batch's results is a range of its primary key.
 */
final class V11BatchOperations implements Migration {
    private static final String TABLES = """
            CREATE TABLE IF NOT EXISTS batch_operations (
                id TEXT PRIMARY KEY,
                action TEXT NOT NULL,
                status TEXT NOT NULL,
                test_mode INTEGER NOT NULL,
                triggered_by TEXT NOT NULL,
                triggered_by_user TEXT,
                reason TEXT NOT NULL,
                started_at TEXT NOT NULL,
                completed_at TEXT,
                total_files INTEGER NOT NULL,
                files_processed INTEGER NOT NULL,
                files_successful INTEGER NOT NULL,
                files_failed INTEGER NOT NULL,
                files_skipped INTEGER NOT NULL,
                total_size_bytes INTEGER NOT NULL,
                bytes_processed INTEGER NOT NULL,
                error_message TEXT,
                metadata TEXT
            )
            ;;
            CREATE INDEX IF NOT EXISTS batch_operations_newest ON batch_operations (started_at DESC, id)
            ;;
            CREATE INDEX IF NOT EXISTS batch_operations_active ON batch_operations (started_at, id)
                WHERE status IN ('pending', 'running')
            ;;
            CREATE TABLE IF NOT EXISTS batch_file_results (
                operation_id TEXT NOT NULL REFERENCES batch_operations (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                id TEXT NOT NULL UNIQUE,
                file_id TEXT,
                file_path TEXT NOT NULL,
                source_path TEXT,
                destination_path TEXT,
                action TEXT NOT NULL,
                status TEXT NOT NULL,
                reason TEXT NOT NULL,
                triggered_by_user TEXT,
                file_size_bytes INTEGER NOT NULL,
                started_at TEXT,
                completed_at TEXT,
                error_message TEXT,
                parent_operation_id TEXT,
                PRIMARY KEY (operation_id, position)
            ) WITHOUT ROWID
            """;

    @Override
    public int version() {
        return 11;
    }

    @Override
    public String shortName() {
        return "batch tables";
    }

    @Override
    public double weight(long files, long logRows) {
        return files / 10.0;
    }

    @Override
    public String description() {
        return "batch operations and their per-file results";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Sql.script(connection, TABLES);
    }
}
