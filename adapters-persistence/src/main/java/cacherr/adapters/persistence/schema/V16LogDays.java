package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The audit log's entries counted per UTC day ({@code log_days}), for each combination of the filters a client
 * narrows the log by: none, the operation type, the user, the failures, and their combinations ({@code dims} names
 * them: {@code ''}, {@code t}, {@code u}, {@code tu}, {@code f}, {@code tf}, {@code uf}, {@code tuf}; an unused
 * column holds {@code ''}). A page of the log at any offset then finds its day by adding up these counts, newest day
 * first (at most one row per day of history), and skips only within that day in the index; its total is the same
 * sum, exact. Before, a deep page counted every entry before it in an index, several times (the last 500 of 1,000,000:
 * 587 ms p99 under 8 clients), and a type with a user read a row per entry to count it (321 ms).
 *
 * <p>Triggers keep the counts in the same transaction as every write to the log, whoever writes (the adapter, the
 * pruning, the sqlite3 shell): an insert adds one to each of its rows (four, eight for a failure, two without a
 * user), a delete takes one off (a row that reaches zero is deleted), an update of the type, user, success or time
 * does both. Entries without a user are not counted under a user. A day is the first ten characters of the canonical
 * timestamp; its entries are those from {@code day} up to {@code day || 'U'} (after the {@code T}).
 *
 * <p>Self-contained: dropped when present and made anew, so running the step again changes nothing.
 */
final class V16LogDays implements Migration {
    /** The eight combinations: the name, and whether the type, the user, the failure are part of it. */
    private static final String DIMS = "SELECT column1 AS dims, column2 AS t, column3 AS u, column4 AS f FROM (VALUES"
            + " ('', 0, 0, 0), ('t', 1, 0, 0), ('u', 0, 1, 0), ('tu', 1, 1, 0),"
            + " ('f', 0, 0, 1), ('tf', 1, 0, 1), ('uf', 0, 1, 1), ('tuf', 1, 1, 1))";

    /** One more entry of {@code e} (new or old) in each of its rows. */
    private static String add(String e) {
        return "INSERT INTO log_days (dims, operation_type, user, day, entries)"
                + " SELECT d.dims, CASE WHEN d.t THEN " + e + ".operation_type ELSE '' END,"
                + " CASE WHEN d.u THEN " + e + ".triggered_by_user ELSE '' END, substr(" + e + ".timestamp, 1, 10), 1"
                + " FROM (" + DIMS + ") d WHERE (NOT d.u OR " + e + ".triggered_by_user IS NOT NULL)"
                + " AND (NOT d.f OR " + e + ".success = 0)"
                + " ON CONFLICT (dims, operation_type, user, day) DO UPDATE SET entries = entries + 1;\n";
    }

    /** One entry of {@code e} less in each of its rows: one primary-key probe each. */
    private static String remove(String e) {
        StringBuilder sql = new StringBuilder();
        for (String dims : new String[] {"", "t", "u", "tu", "f", "tf", "uf", "tuf"}) {
            sql.append("UPDATE log_days SET entries = entries - 1 WHERE dims = '").append(dims).append("'")
                    .append(" AND operation_type = ").append(dims.contains("t") ? e + ".operation_type" : "''")
                    .append(" AND user = ").append(dims.contains("u") ? e + ".triggered_by_user" : "''")
                    .append(" AND day = substr(").append(e).append(".timestamp, 1, 10)")
                    .append(dims.contains("f") ? " AND " + e + ".success = 0" : "").append(";\n");
        }
        return sql.toString();
    }

    /**
     * The log's entries grouped once by day, type, user and failure into a temporary table (~93,000 rows for
     * 1,000,000 entries), the day first: the log is in time order, so its rows come nearly sorted (0.9 against 1.7 s
     * of CPU grouped by the type first). Each combination is then summed from those groups, one statement each, in the
     * order of {@code log_days}' key, so every row is appended. Before, the groups joined with the eight combinations
     * were grouped again (~500,000 rows sorted): 2.3-3.0 s of CPU in all at 1,000,000 entries, 1.3 s now
     * (PERFORMANCE.md).
     */
    static final String FILL = "DROP TABLE IF EXISTS temp.log_day_groups\n;;\n"
            + Sql.LARGE_SORT + "CREATE TEMP TABLE log_day_groups AS SELECT substr(timestamp, 1, 10) AS day, operation_type,"
            + " triggered_by_user AS user, success, count(*) AS entries FROM cache_operations_log GROUP BY 1, 2, 3, 4"
            + "\n;;\n"
            + Stream.of("", "f", "t", "tf", "tu", "tuf", "u", "uf").map(V16LogDays::fill)
                    .collect(Collectors.joining("\n;;\n"))
            + "\n;;\nDROP TABLE temp.log_day_groups";

    /** The rows of the combination {@code dims} summed from the groups, in key order. */
    private static String fill(String dims) {
        boolean t = dims.contains("t"), u = dims.contains("u"), f = dims.contains("f");
        String where = (u ? " AND user IS NOT NULL" : "") + (f ? " AND success = 0" : "");
        return "INSERT INTO log_days (dims, operation_type, user, day, entries) SELECT '" + dims + "', "
                + (t ? "operation_type" : "''") + ", " + (u ? "user" : "''") + ", day, sum(entries)"
                + " FROM temp.log_day_groups" + (where.isEmpty() ? "" : " WHERE" + where.substring(4))
                + " GROUP BY " + (t ? "operation_type, " : "") + (u ? "user, " : "") + "day";
    }

    private static final String SCRIPT = """
            DROP TRIGGER IF EXISTS log_days_entry_added
            ;;
            DROP TRIGGER IF EXISTS log_days_entry_removed
            ;;
            DROP TRIGGER IF EXISTS log_days_entry_changed
            ;;
            DROP TABLE IF EXISTS log_days
            ;;
            CREATE TABLE log_days (
                dims TEXT NOT NULL,
                operation_type TEXT NOT NULL,
                user TEXT NOT NULL,
                day TEXT NOT NULL,
                entries INTEGER NOT NULL,
                PRIMARY KEY (dims, operation_type, user, day)
            ) WITHOUT ROWID
            ;;
            """ + FILL + """

            ;;
            CREATE TRIGGER log_days_emptied AFTER UPDATE OF entries ON log_days WHEN new.entries <= 0 BEGIN
                DELETE FROM log_days WHERE dims = new.dims AND operation_type = new.operation_type
                    AND user = new.user AND day = new.day;
            END
            ;;
            CREATE TRIGGER log_days_entry_added AFTER INSERT ON cache_operations_log BEGIN
            """ + add("new") + """
            END
            ;;
            CREATE TRIGGER log_days_entry_removed AFTER DELETE ON cache_operations_log BEGIN
            """ + remove("old") + """
            END
            ;;
            CREATE TRIGGER log_days_entry_changed AFTER UPDATE OF operation_type, triggered_by_user, success, timestamp
            ON cache_operations_log WHEN old.operation_type IS NOT new.operation_type
                OR old.triggered_by_user IS NOT new.triggered_by_user OR old.success IS NOT new.success
                OR old.timestamp IS NOT new.timestamp BEGIN
            """ + remove("old") + add("new") + """
            END
            """;

    @Override
    public int version() {
        return 16;
    }

    /** Adds indexes, derived tables and triggers: writes no row a foreign key is about. */
    @Override
    public boolean writesReferences() {
        return false;
    }

    @Override
    public String shortName() {
        return "audit log days";
    }

    @Override
    public String description() {
        return "the audit log's entries counted per day and filter (deep pages and exact totals without a walk)";
    }

    /** One grouping of the whole log (a sort of its rows: ~2.5 s of CPU at 1,000,000 rows). */
    @Override
    public double weight(long files, long logRows) {
        return logRows * 0.5;
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        apply(connection, null, null);
    }

    @Override
    public void apply(Connection connection, Origin origin, Progress progress) throws SQLException {
        Sql.script(connection, SCRIPT, progress, "audit log days, statements");
    }
}
