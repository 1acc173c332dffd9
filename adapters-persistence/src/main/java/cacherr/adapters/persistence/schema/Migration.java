package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/** One step of the schema, applied once, in one transaction, to a database at {@code version() - 1} or below. */
interface Migration {
    /** The {@code PRAGMA user_version} the database has after this step. */
    int version();

    String description();

    void apply(Connection connection) throws SQLException;

    /** Like {@link #apply(Connection)}, for a step that needs to know where the database came from. */
    default void apply(Connection connection, Origin origin) throws SQLException {
        apply(connection);
    }

    /**
     * Where a migration run started.
     *
     * @param foundVersion the file's {@code user_version} before this run
     * @param adopting     whether this run adopts a database written by the original Cacherr
     */
    record Origin(int foundVersion, boolean adopting) {
    }
}
