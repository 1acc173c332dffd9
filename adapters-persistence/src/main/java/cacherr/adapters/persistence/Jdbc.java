package cacherr.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hibernate.StatelessSession;

/**
 * Plain JDBC on the connection of the current session — same transaction, same snapshot — for the hot read paths:
 * Hibernate's native-query mapping cost more than the SQL itself (measured: 11.7 ms for a page whose SQL takes 2 ms).
 * Takes the same {@code :name} parameters as {@link Native}; a collection expands to one {@code ?} per element.
 * Statements are prepared once per connection and kept ({@link Statements}).
 */
final class Jdbc {
    /** Reads one row; may throw. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Takes each row as it is read, without collecting them. */
    @FunctionalInterface
    interface RowSink {
        void accept(ResultSet row) throws SQLException;
    }

    /** Takes each row as it is read; false stops the reading there. */
    @FunctionalInterface
    interface RowWhile {
        boolean accept(ResultSet row) throws SQLException;
    }

    /**
     * For tests: told the SQL of every statement run here, on the thread that runs it, before it runs (null: nobody
     * is told). A kept answer is shown to read nothing but its stamp this way.
     */
    static volatile Consumer<String> told;

    private Jdbc() {
    }

    private static void tell(String sql) {
        Consumer<String> listener = told;
        if (listener != null) listener.accept(sql);
    }

    static <T> List<T> list(StatelessSession session, String sql, Map<String, ?> params, Row<T> row) {
        List<T> rows = new ArrayList<>();
        each(session, sql, params, r -> rows.add(row.read(r)));
        return rows;
    }

    /** The first row's value, or null when there is none (the rest are not read). */
    static <T> T first(StatelessSession session, String sql, Map<String, ?> params, Row<T> row) {
        List<T> first = new ArrayList<>(1);
        eachWhile(session, sql, params, r -> {
            first.add(row.read(r));
            return false;
        });
        return first.isEmpty() ? null : first.get(0);
    }

    static long number(StatelessSession session, String sql, Map<String, ?> params) {
        List<Long> rows = list(session, sql, params, r -> r.getLong(1));
        return rows.isEmpty() ? 0 : rows.get(0);
    }

    /**
     * Runs a write ({@code UPDATE}, {@code INSERT}, {@code DELETE}) on a kept statement; answers how many rows it
     * changed. A write whose statement fires many triggers costs SQLite more to prepare than to run (each trigger's
     * program is compiled with it): the file update of an access, 0.9 ms to prepare against 0.5 ms to run.
     */
    static int update(StatelessSession session, String sql, Map<String, ?> params) {
        return session.doReturningWork(connection -> {
            List<Object> values = new ArrayList<>();
            String positional = positional(sql, params, values);
            tell(positional);
            PreparedStatement statement = Statements.take(connection, positional);
            int changed;
            try {
                for (int i = 0; i < values.size(); i++) statement.setObject(i + 1, values.get(i));
                changed = statement.executeUpdate();
            } catch (SQLException | RuntimeException e) {
                Statements.discard(statement); // a failed statement is not used again
                throw e;
            }
            Statements.giveBack(connection, positional, statement);
            return changed;
        });
    }

    /** Streams the rows to {@code sink}: nothing is held beyond the row being read. */
    static void each(StatelessSession session, String sql, Map<String, ?> params, RowSink sink) {
        eachWhile(session, sql, params, row -> {
            sink.accept(row);
            return true;
        });
    }

    /** Streams the rows to {@code sink} until it answers false (the rest are not read). */
    static void eachWhile(StatelessSession session, String sql, Map<String, ?> params, RowWhile sink) {
        session.doWork(connection -> run(connection, sql, params, sink));
    }

    private static void run(Connection connection, String sql, Map<String, ?> params, RowWhile sink)
            throws SQLException {
        List<Object> values = new ArrayList<>();
        String positional = positional(sql, params, values);
        tell(positional);
        PreparedStatement statement = Statements.take(connection, positional);
        boolean read = false;
        try {
            for (int i = 0; i < values.size(); i++) statement.setObject(i + 1, values.get(i));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next() && sink.accept(rows)) {
                    // each row handed over; the sink says when to stop
                }
            }
            read = true;
        } finally {
            if (!read) Statements.discard(statement); // a failed statement is not used again
        }
        Statements.giveBack(connection, positional, statement); // its rows closed: reset, no snapshot held
    }

    /** {@code sql} with each {@code :name} outside quotes replaced by {@code ?}, its values appended in order. */
    static String positional(String sql, Map<String, ?> params, List<Object> values) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                out.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) end++;
                String name = sql.substring(i + 1, end);
                if (!params.containsKey(name)) throw new IllegalArgumentException("no value for :" + name);
                Object value = params.get(name);
                if (value instanceof Collection<?> many) {
                    if (many.isEmpty()) throw new IllegalArgumentException(":" + name + " is an empty list");
                    out.append("?, ".repeat(many.size() - 1)).append('?');
                    values.addAll(many);
                } else {
                    out.append('?');
                    values.add(value);
                }
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
