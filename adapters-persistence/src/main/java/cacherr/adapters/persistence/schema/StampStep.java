package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A step that gives a table a stamp — an integer column, 0 until its first draw — and the triggers that draw it anew
 * ({@code random()}) on the writes it stands for (v21's row stamps, v23's books stamp, v24's audit-log row stamps,
 * v25's batch results stamps). Adding a column with a default rewrites no row, so the step costs no time at any size
 * and writes no row a foreign key is about.
 *
 * <p>Self-contained; run again, it changes nothing: the column is added only when missing (and only then drawn first,
 * by a step that does), and the triggers are dropped and made anew.
 */
abstract class StampStep implements Migration {
    /**
     * A trigger of the stamp: {@code name}, when it fires ({@code AFTER UPDATE ON t WHEN …}), and its statements
     * (each ending in {@code ;}).
     */
    record Trigger(String name, String when, String statements) {
    }

    private final String table;
    private final String column;
    private final List<Trigger> triggers;

    StampStep(String table, String column, List<Trigger> triggers) {
        this.table = table;
        this.column = column;
        this.triggers = List.copyOf(triggers);
    }

    /** Adds a column with a default and triggers: writes no row a foreign key is about. */
    @Override
    public final boolean writesReferences() {
        return false;
    }

    @Override
    public final double weight(long files, long logRows) {
        return 1; // no row is read or written
    }

    @Override
    public final void apply(Connection connection) throws SQLException {
        if (Sql.addIntegerColumn(connection, table, column)) added(connection);
        for (Trigger trigger : triggers) {
            Sql.run(connection, "DROP TRIGGER IF EXISTS " + trigger.name());
            Sql.run(connection, "CREATE TRIGGER " + trigger.name() + " " + trigger.when() + " BEGIN\n    "
                    + trigger.statements() + "\nEND");
        }
    }

    /** Just after the column was added (not on a run that found it): nothing, unless the step draws a first stamp. */
    void added(Connection connection) throws SQLException {
    }
}
