package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC helpers for the migrations. */
final class Sql {
    private Sql() {
    }

    /** Runs statements separated by a line holding only {@code ;;} (triggers contain plain semicolons). */
    static void script(Connection connection, String script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : script.split("\n;;\n")) {
                if (!sql.isBlank()) statement.execute(sql);
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
                statement.execute(statements[i]);
            }
        }
        if (progress != null) progress.rows(part, statements.length, statements.length);
    }

    static void run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
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
