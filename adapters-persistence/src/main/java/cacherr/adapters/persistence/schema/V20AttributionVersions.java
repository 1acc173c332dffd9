package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Attributions get counters of their own, apart from the {@code files} counter of {@code selection_versions} (v12):
 * {@code attribution_versions} holds one per user, moved by every change to that user's attributions, and the row of
 * the empty user id (a user id is never blank) moved by every change to anyone's. A list filtered by a user reads its
 * user's, a free-text search by user reads the empty id's, and any other selection reads none: before, one attribution
 * made every remembered total and snapshot count and read again — every user's lists, and the lists and searches that
 * read no attribution at all (a user attached a few times a second under a mixed load: the cases without a user cost
 * up to 4× the CPU of a read-only run). A version never goes back (rows are only inserted or moved up), so a reader
 * that finds its counters where they were finds the same selection. Three triggers made anew; run again, it changes
 * nothing.
 */
final class V20AttributionVersions implements Migration {
    private static final String SCRIPT = """
            CREATE TABLE IF NOT EXISTS attribution_versions (
                user_id TEXT PRIMARY KEY,
                version INTEGER NOT NULL
            ) WITHOUT ROWID
            ;;
            DROP TRIGGER IF EXISTS selection_user_inserted
            ;;
            DROP TRIGGER IF EXISTS selection_user_deleted
            ;;
            DROP TRIGGER IF EXISTS selection_user_changed
            ;;
            CREATE TRIGGER selection_user_inserted AFTER INSERT ON cached_file_users BEGIN
                INSERT INTO attribution_versions (user_id, version) VALUES (new.user_id, 1), ('', 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
            END
            ;;
            CREATE TRIGGER selection_user_deleted AFTER DELETE ON cached_file_users BEGIN
                INSERT INTO attribution_versions (user_id, version) VALUES (old.user_id, 1), ('', 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
            END
            ;;
            CREATE TRIGGER selection_user_changed AFTER UPDATE ON cached_file_users BEGIN
                INSERT INTO attribution_versions (user_id, version) VALUES (old.user_id, 1), (new.user_id, 1), ('', 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
            END
            """;

    @Override
    public int version() {
        return 20;
    }

    @Override
    public String description() {
        return "attribution counters per user (a user's write keeps other selections' totals and snapshots)";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Sql.script(connection, SCRIPT);
    }
}
