package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A user's statistics over a period that begins before its first day bucket ({@code user_days}, v8) — its whole
 * history, the page's "all time", any period of years — read every bucket of the user: a row per day and operation,
 * 3,466 for the busiest user at 100,000 files, summed and grouped on every request (3 ms of SQLite, the most of any
 * single answer but the exports). {@code user_operation_totals} holds, per user and operation, the sum of all the
 * user's buckets, kept by three triggers on {@code user_days} itself (whatever writes a bucket — the triggers of v8
 * on files and attributions, the sqlite3 shell — moves its total in the same transaction); and an index of
 * {@code user_day_best} in the most-accessed order gives such a period's most accessed file as the index's first
 * entry for the user instead of sorting all its days' bests (540 rows). Run again (after v8 refilled the buckets),
 * it fills the totals afresh.
 */
final class V22UserOperationTotals implements Migration {
    /** A bucket's new values added to its user's total for its operation (the total made when there is none). */
    private static final String ADD_NEW = """
            INSERT INTO user_operation_totals (user_id, operation, files, active, bytes, accesses)
            VALUES (new.user_id, new.operation, new.files, new.active, new.bytes, new.accesses)
            ON CONFLICT (user_id, operation) DO UPDATE SET files = files + excluded.files,
                active = active + excluded.active, bytes = bytes + excluded.bytes,
                accesses = accesses + excluded.accesses;
            """;
    /** A bucket's old values taken from its user's total for its operation. */
    private static final String SUBTRACT_OLD = """
            UPDATE user_operation_totals SET files = files - old.files, active = active - old.active,
                bytes = bytes - old.bytes, accesses = accesses - old.accesses
            WHERE user_id = old.user_id AND operation = old.operation;
            """;
    private static final String SCRIPT = """
            DROP TABLE IF EXISTS user_operation_totals
            ;;
            CREATE TABLE user_operation_totals (
                user_id TEXT NOT NULL,
                operation TEXT NOT NULL,
                files INTEGER NOT NULL,
                active INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                accesses INTEGER NOT NULL,
                PRIMARY KEY (user_id, operation)
            ) WITHOUT ROWID
            ;;
            INSERT INTO user_operation_totals (user_id, operation, files, active, bytes, accesses)
            SELECT user_id, operation, sum(files), sum(active), sum(bytes), sum(accesses)
            FROM user_days GROUP BY user_id, operation
            ;;
            DROP TRIGGER IF EXISTS user_totals_bucket_added
            ;;
            DROP TRIGGER IF EXISTS user_totals_bucket_changed
            ;;
            DROP TRIGGER IF EXISTS user_totals_bucket_removed
            ;;
            CREATE TRIGGER user_totals_bucket_added AFTER INSERT ON user_days BEGIN
            """ + ADD_NEW + """
            END
            ;;
            CREATE TRIGGER user_totals_bucket_changed AFTER UPDATE ON user_days BEGIN
            """ + SUBTRACT_OLD + ADD_NEW + """
            END
            ;;
            CREATE TRIGGER user_totals_bucket_removed AFTER DELETE ON user_days BEGIN
            """ + SUBTRACT_OLD + """
            END
            ;;
            -- a period before the user's first bucket: its most accessed file is the index's first entry of the user
            CREATE INDEX IF NOT EXISTS idx_user_day_best_order
                ON user_day_best (user_id, access_count DESC, last_accessed DESC, file_id)
            """;

    @Override
    public int version() {
        return 22;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String description() {
        return "each user's bucket totals per operation, and its day bests in the most-accessed order"
                + " (statistics over a whole history without reading every day)";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Sql.script(connection, SCRIPT);
    }
}
