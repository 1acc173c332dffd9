package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The audit log's four query indexes end in the timestamp instead of {@code (timestamp, id)}: SQLite adds the rowid
 * to every index entry anyway, and the 36-character id in each of them took ~150 MB and ~2 s of an adoption's CPU at
 * 1,000,000 rows (PERFORMANCE.md). The API's order stays {@code timestamp DESC, id DESC}: a query walks an index in
 * time order and sorts only the entries of one timestamp by id; a deep page counts what it skips in the index alone
 * (see {@code SqliteOperationJournal.list}). Step 4 builds these indexes directly (new databases and adoptions find
 * them here and change nothing); a database made before replaces its four in this step. Self-contained: run again,
 * it changes nothing.
 */
final class V13LogIndexes implements Migration {
    /** The four indexes as step 4 and this step create them. */
    static final String CREATE = """
            CREATE INDEX IF NOT EXISTS idx_log_at ON cache_operations_log (timestamp)
            ;;
            CREATE INDEX IF NOT EXISTS idx_log_type_at ON cache_operations_log (operation_type, timestamp)
            ;;
            CREATE INDEX IF NOT EXISTS idx_log_user_at ON cache_operations_log (triggered_by_user, timestamp)
            ;;
            CREATE INDEX IF NOT EXISTS idx_log_path_at ON cache_operations_log (file_path, timestamp)
            """;

    private static final String SCRIPT = """
            DROP INDEX IF EXISTS idx_log_time
            ;;
            DROP INDEX IF EXISTS idx_log_type_time
            ;;
            DROP INDEX IF EXISTS idx_log_user_time
            ;;
            DROP INDEX IF EXISTS idx_log_path_time
            ;;
            """ + CREATE;

    @Override
    public int version() {
        return 13;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String shortName() {
        return "audit log indexes";
    }

    @Override
    public String description() {
        return "the audit log's query indexes without the id (the rowid breaks nothing: ties are sorted by id)";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        apply(connection, null, null);
    }

    /** Each statement told to {@code progress}: on a database made before, four index builds over the whole log. */
    @Override
    public void apply(Connection connection, Origin origin, Progress progress) throws SQLException {
        Sql.script(connection, SCRIPT, progress, "audit log indexes, statements");
    }
}
