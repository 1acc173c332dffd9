package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;

/** One step of the schema, applied once, in one transaction, to a database at {@code version() - 1} or below. */
interface Migration {
    /** The {@code PRAGMA user_version} the database has after this step. */
    int version();

    String description();

    void apply(Connection connection) throws SQLException;
}
