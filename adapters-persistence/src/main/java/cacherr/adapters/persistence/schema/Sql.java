package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Small JDBC helpers for the migrations. */
final class Sql {
    private Sql() {
    }

    /** Begins a statement that is run with the sorter's runs small ({@link #SORT_RUN_KIB}) besides index builds. */
    static final String LARGE_SORT = "-- one large sort\n";

    private static final Pattern BUILDS_INDEX = Pattern.compile("\\s*CREATE\\s+(UNIQUE\\s+)?INDEX\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * The page cache, in KiB, while an index is built or a {@link #LARGE_SORT} runs. SQLite's sorter keeps entries in
     * memory up to the page cache's size, sorts them as one run, writes the run to a temporary file and merges the runs
     * at the end. One run of 64 MB (the migration's cache) is sorted with a cache miss at nearly every comparison; runs
     * of 4 MB stay in the processor's caches, and merging them reads each run in order: the audit log's four largest
     * index builds took 4.7-5.0 against 6.7 s of CPU at 1,000,000 rows (2 and 1 MB: 5.5-5.6 s; PERFORMANCE.md). The
     * statement's own pages pass through the smaller cache: an index build reads its table once, in order, and writes
     * its pages once.
     */
    static final int SORT_RUN_KIB = 4 * 1024;

    /** Whether {@code sql} builds an index or begins with {@link #LARGE_SORT}. */
    static boolean sortsInSmallRuns(String sql) {
        return sql.startsWith(LARGE_SORT) || BUILDS_INDEX.matcher(sql).lookingAt();
    }

    /** {@code sql} executed; an index build or a {@link #LARGE_SORT} with a page cache of {@link #SORT_RUN_KIB}. */
    private static void execute(Statement statement, String sql) throws SQLException {
        if (!sortsInSmallRuns(sql)) {
            statement.execute(sql);
            return;
        }
        long cache;
        try (ResultSet rows = statement.executeQuery("PRAGMA cache_size")) {
            cache = rows.getLong(1);
        }
        statement.execute("PRAGMA cache_size = -" + SORT_RUN_KIB);
        try {
            statement.execute(sql);
        } finally {
            statement.execute("PRAGMA cache_size = " + cache);
        }
    }

    /** Runs statements separated by a line holding only {@code ;;} (triggers contain plain semicolons). */
    static void script(Connection connection, String script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : script.split("\n;;\n")) {
                if (!sql.isBlank()) execute(statement, sql);
            }
        }
    }

    /** As {@link #script(Connection, String)}, telling {@code progress} each statement done as one of {@code part}. */
    static void script(Connection connection, String script, Progress progress, String part) throws SQLException {
        String[] statements = java.util.Arrays.stream(script.split("\n;;\n")).filter(sql -> !sql.isBlank())
                .toArray(String[]::new);
        try (Statement statement = connection.createStatement()) {
            for (int i = 0; i < statements.length; i++) {
                if (progress != null) progress.rows(part, i, statements.length);
                execute(statement, statements[i]);
            }
        }
        if (progress != null) progress.rows(part, statements.length, statements.length);
    }

    static void run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            execute(statement, sql);
        }
    }

    static long number(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? String.valueOf(rows.getString(1)) : "";
        }
    }

    /**
     * Adds {@code table.column INTEGER NOT NULL DEFAULT 0} unless the table has that column already (a step run again
     * changes nothing); true when it added it. Adding a column with a default rewrites no row.
     */
    static boolean addIntegerColumn(Connection connection, String table, String column) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?")) {
            statement.setString(1, table);
            statement.setString(2, column);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next() && rows.getLong(1) > 0) return false;
            }
        }
        run(connection, "ALTER TABLE " + table + " ADD COLUMN " + column + " INTEGER NOT NULL DEFAULT 0");
        return true;
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        try (var statement = connection.prepareStatement(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        }
    }
}
