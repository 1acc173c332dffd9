package cacherr.adapters.persistence.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * What the original Cacherr left implicit, made explicit when its database is adopted: a file's triggering user is
 * one of its users even where the original wrote no {@code cached_file_users} row for them (the list filter, user
 * statistics and the users view all read attributions). The triggers of v5 and v8 count the added rows.
 *
 * <p>{@code adoption} records when (and from which version) the database was adopted; the audit log's retention
 * counts the history brought along from that moment, so a first start does not prune the user's history. A database
 * adopted by an earlier version of this program, or created by it, is not touched: there a missing triggering user
 * means someone detached them, and putting them back would undo a user's choice.
 */
final class V10AdoptedAttributions implements Migration {
    private static final String TABLE = """
            CREATE TABLE IF NOT EXISTS adoption (
                adopted_at TEXT NOT NULL,
                from_version INTEGER NOT NULL
            )
            """;

    private static final String ADD_TRIGGERING_USERS = """
            INSERT INTO cached_file_users (cached_file_id, user_id, attribution_reason, added_at)
            SELECT f.id, f.triggered_by_user, f.triggered_by_operation, f.cached_at FROM cached_files f
            WHERE f.triggered_by_user IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cached_file_users u
                WHERE u.cached_file_id = f.id AND u.user_id = f.triggered_by_user)
            """;

    @Override
    public int version() {
        return 10;
    }

    @Override
    public String description() {
        return "adoption record; an adopted file's triggering user attributed where the original wrote no row";
    }

    @Override
    public void apply(Connection connection) throws SQLException {
        Sql.run(connection, TABLE);
    }

    /**
     * Records the adoption of an original database found at {@code version}. Step 3 calls it in the transaction that
     * rebuilds the original's tables, so a run interrupted after that step still knows at its restart.
     */
    static void record(Connection connection, long version) throws SQLException {
        Sql.run(connection, TABLE);
        try (var statement = connection.prepareStatement("INSERT INTO adoption (adopted_at, from_version) VALUES (?, ?)")) {
            statement.setString(1, Timestamps.format(Instant.now()));
            statement.setLong(2, version);
            statement.execute();
        }
    }

    /**
     * An adoption is recorded and its triggering users attributed by step 3 since this version, in the same
     * transaction as the rebuild; this covers an adoption whose step 3 did not (none is known: it stays as a guard).
     */
    @Override
    public void apply(Connection connection, Origin origin) throws SQLException {
        apply(connection);
        if (!origin.adopting() || Sql.number(connection, "SELECT count(*) FROM adoption") > 0) return;
        record(connection, origin.foundVersion());
        Sql.run(connection, ADD_TRIGGERING_USERS);
    }

    @Override
    public String shortName() {
        return "adoption record";
    }
}
