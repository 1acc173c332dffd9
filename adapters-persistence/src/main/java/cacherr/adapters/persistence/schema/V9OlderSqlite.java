package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A schema that SQLite 3.35 and newer can read and write, as Debian 12's {@code sqlite3} shell (3.40) and Python
 * 3.11's {@code sqlite3} module are, which users inspect and back up their database with. The first version 7 wrote
 * two forms they cannot parse: an ordered {@code group_concat(… ORDER BY n)} in the triggers of {@code files_short}
 * (3.44; SQLite parses the whole schema when it opens a file, so one such trigger made those tools call the file
 * "malformed" and refuse even {@code PRAGMA integrity_check}), and the table's {@code contentless_delete=1} (3.43;
 * any statement touching the table, and so any write to {@code cached_files}, failed). Every other {@code CREATE}
 * of steps 3 to 8 is older than 3.35 (FTS5's trigram tokenizer is 3.34, window functions 3.25).
 *
 * <p>This step makes the index again in {@link V7ShortSearches}'s present form when its table is not in it (the
 * same tokens, so the same search results: 4 s at 100,000 files), and writes its triggers again in any case (they
 * are cheap). On a file made by the present version 7 the table is kept as it is.
 */
final class V9OlderSqlite implements Migration {
    @Override
    public int version() {
        return 9;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String shortName() {
        return "portable schema";
    }

    @Override
    public double weight(long files, long logRows) {
        return files / 10.0;
    }

    @Override
    public String description() {
        return "the schema in forms SQLite 3.35 and newer can read (Debian 12's sqlite3 shell, Python 3.11)";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        if (!V7ShortSearches.CREATE_TABLE.equals(tableSql(connection))) {
            Sql.script(connection, V7ShortSearches.TABLE);
        }
        Sql.script(connection, V7ShortSearches.TRIGGERS);
    }

    private static String tableSql(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'files_short'")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
