package cacherr.adapters.persistence.schema;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

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

    /** Like {@link #apply(Connection, Origin)}, for a step that tells how far it has come within itself. */
    default void apply(Connection connection, Origin origin, Progress progress) throws SQLException {
        apply(connection, origin);
    }

    /** The work of this step relative to the others', for a file of {@code files} files and {@code logRows} rows. */
    default double weight(long files, long logRows) {
        return files / 10.0;
    }

    /**
     * Whether this step may write rows of a table that has a foreign key, or of one a foreign key refers to
     * ({@code cached_file_users} and {@code cached_files}, {@code batch_file_results} and {@code batch_operations}):
     * such a step's references are checked before it commits (foreign keys are off while migrating, so that a
     * table's rebuild does not cascade). A step that only adds indexes, derived tables or triggers says no: the check
     * reads every attribution (~50 ms at 100,000 files), and sixteen steps read them for nothing.
     */
    default boolean writesReferences() {
        return true;
    }

    /**
     * Called after this step's transaction ended, committed or rolled back, outside any transaction: for what the step
     * leaves to let go of then (a database it attached, a scratch file it wrote).
     */
    default void afterTransaction(Connection connection, Path file) throws SQLException {
    }

    /** What the progress report calls this step (short). */
    default String shortName() {
        return description();
    }

    /**
     * Where a migration run started.
     *
     * @param foundVersion the file's {@code user_version} before this run
     * @param adopting     whether this run adopts a database written by the original Cacherr
     * @param backup       the byte copy this run made of the file before its first step, if it made one
     */
    record Origin(int foundVersion, boolean adopting, Optional<Backup> backup) {
        Origin(int foundVersion, boolean adopting) {
            this(foundVersion, adopting, Optional.empty());
        }
    }

    /**
     * A byte copy of {@code database} made by this run before its first step, while no writer could commit: the
     * file's state when the run began (a program that wrote to the file since is seen in its header).
     */
    record Backup(Path database, Path copy) {
    }
}
