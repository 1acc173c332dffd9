package cacherr.adapters.persistence;

import cacherr.application.port.out.Bookkeeping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One SQLite file for all contract tests of this JVM, emptied before each test: starting Hibernate once instead of
 * per test keeps the suite fast. Emptying goes through the base tables, so the triggers zero the derived ones.
 */
final class SharedTestDatabase {
    private static Path file;
    private static SqlitePersistence persistence;

    private SharedTestDatabase() {
    }

    static synchronized Bookkeeping emptied() {
        if (persistence == null) {
            try {
                file = Files.createTempDirectory("cacherr-contract").resolve("data/cached_files.db");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            persistence = SqlitePersistence.open(PersistenceSettings.of(file));
            Runtime.getRuntime().addShutdownHook(new Thread(persistence::close));
        }
        sql("DELETE FROM cached_files", "DELETE FROM cache_operations_log", "DELETE FROM file_operation_intents",
                "DELETE FROM known_users", "DELETE FROM file_counters");
        return persistence.bookkeeping();
    }

    /** The batch history of the shared file, emptied. */
    static synchronized cacherr.application.port.out.BatchOperations emptiedBatches() {
        emptied();
        sql("DELETE FROM batch_file_results", "DELETE FROM batch_operations");
        return persistence.batchOperations();
    }

    static void sql(String... statements) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            for (String sql : statements) statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
