package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@code files} counter of {@code selection_versions} (v12) moves with a change of a file's triggering user too:
 * a free-text search by user matches it ({@code files/search}, type user or all), so a search's total kept at the same
 * counter (see {@code SelectionTotals}) is the one it would count now only when that column moves the counter like
 * every other column a selection reads. No list filters by it, so no list's answer changes. One trigger made anew;
 * run again, it changes nothing.
 */
final class V19SearchVersions implements Migration {
    private static final String SCRIPT = """
            DROP TRIGGER IF EXISTS selection_file_changed
            ;;
            CREATE TRIGGER selection_file_changed AFTER UPDATE ON cached_files
            WHEN (""" + V12SelectionVersions.SELECTION_COLUMNS_CHANGED + """
             OR old.triggered_by_user IS NOT new.triggered_by_user) BEGIN
                UPDATE selection_versions SET files = files + 1;
            END
            """;

    @Override
    public int version() {
        return 19;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String description() {
        return "the selection counter moves with a file's triggering user (kept search totals)";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Sql.script(connection, SCRIPT);
    }
}
