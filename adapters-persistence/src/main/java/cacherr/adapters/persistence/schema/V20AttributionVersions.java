package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Attributions get counters of their own, apart from the {@code files} counter of {@code selection_versions} (v12):
 * {@code attribution_versions} holds one per user, moved by every change to that user's attributions (a user without
 * a row has had none since: 0). A list filtered by a user reads its user's, a free-text search by user the sum of the
 * users' its text matches, and any other selection none: before, one attribution made every remembered total and
 * snapshot count and read again — every user's lists, and the lists and searches that read no attribution at all (a
 * few attributions a second under a mixed load: whole searches counted again, up to 170 ms of CPU an answer). A
 * version never goes back (rows are only inserted or moved up), so a reader that finds its counters where they were
 * finds the same selection. Three triggers made anew; run again, it changes nothing.
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
                INSERT INTO attribution_versions (user_id, version) VALUES (new.user_id, 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
            END
            ;;
            CREATE TRIGGER selection_user_deleted AFTER DELETE ON cached_file_users BEGIN
                INSERT INTO attribution_versions (user_id, version) VALUES (old.user_id, 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
            END
            ;;
            CREATE TRIGGER selection_user_changed AFTER UPDATE ON cached_file_users BEGIN
                INSERT INTO attribution_versions (user_id, version) VALUES (old.user_id, 1), (new.user_id, 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
            END
            """;

    @Override
    public int version() {
        return 20;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
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
