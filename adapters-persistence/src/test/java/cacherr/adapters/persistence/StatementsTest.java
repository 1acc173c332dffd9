package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * Statements kept per connection ({@link Statements}) are used again, yet hold nothing between uses: no read snapshot
 * (a later read sees later writes, a checkpoint is not held up), no parameters, and a failed one is not kept. One
 * connection in the pool, so every read below runs on the same one.
 */
class StatementsTest {
    private static final String NUMBERS = "SELECT n FROM numbers WHERE n > :above ORDER BY n";

    @TempDir
    Path dir;

    private SqlitePersistence open() throws SQLException {
        Path file = dir.resolve("books.db");
        SqlitePersistence db = SqlitePersistence.open(new PersistenceSettings(file, 1, Duration.ofSeconds(5)));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = other.createStatement()) {
            statement.executeUpdate("CREATE TABLE numbers (n INTEGER PRIMARY KEY)");
            statement.executeUpdate("INSERT INTO numbers VALUES (1), (2), (3)");
        }
        return db;
    }

    private static List<Long> numbers(SqlitePersistence db, long above) {
        return db.unit().read(session -> Jdbc.list(session, NUMBERS, Map.of("above", above), row -> row.getLong(1)));
    }

    /** The SQLite connection under the pool's proxy (the one-connection pool's only one). */
    static Connection connection(SqlitePersistence db) {
        AtomicReference<Connection> seen = new AtomicReference<>();
        db.unit().read(session -> {
            session.doWork(connection -> seen.set(connection.unwrap(SQLiteConnection.class)));
            return null;
        });
        return seen.get();
    }

    @Test
    void aStatementGivenBackIsTheOneTakenNextAndOneStillOutIsNot() throws SQLException {
        try (SqlitePersistence db = open()) {
            db.unit().read(session -> {
                session.doWork(connection -> {
                    PreparedStatement first = Statements.take(connection, "SELECT 1");
                    PreparedStatement whileOut = Statements.take(connection, "SELECT 1");
                    assertNotSame(first, whileOut, "a statement in use is not handed out twice");
                    Statements.giveBack(connection, "SELECT 1", whileOut);
                    Statements.giveBack(connection, "SELECT 1", first); // one of them is kept, the other closed
                    assertTrue(first.isClosed() != whileOut.isClosed());
                    PreparedStatement again = Statements.take(connection, "SELECT 1");
                    assertSame(whileOut, again, "the one given back first is kept and used again");
                    Statements.giveBack(connection, "SELECT 1", again);
                });
                return null;
            });
        }
    }

    @Test
    void aWalkStoppedAtItsFirstRowHoldsNoSnapshot() throws SQLException {
        try (SqlitePersistence db = open()) {
            List<Long> first = new ArrayList<>();
            db.unit().read(session -> {
                Jdbc.eachWhile(session, NUMBERS, Map.of("above", 0L), row -> !first.add(row.getLong(1)));
                return null;
            });
            assertEquals(List.of(1L), first);
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("books.db"));
                    Statement statement = other.createStatement()) {
                statement.executeUpdate("INSERT INTO numbers VALUES (4)");
                try (ResultSet checkpoint = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    checkpoint.next();
                    assertEquals(0, checkpoint.getInt(1), "no reader holds the log: the checkpoint was not blocked");
                }
            }
            assertEquals(List.of(1L, 2L, 3L, 4L), numbers(db, 0), "the kept statement reads the newest rows");
            assertTrue(Statements.holds(connection(db), Jdbc.positional(NUMBERS, Map.of("above", 0L),
                    new ArrayList<>())), "and it is kept");
        }
    }

    @Test
    void theSameSqlRunInsideAWalkOfItsRowsAndItsParametersAreItsOwn() throws SQLException {
        try (SqlitePersistence db = open()) {
            assertEquals(List.of(3L), numbers(db, 2));
            List<String> pairs = db.unit().read(session -> {
                List<String> seen = new ArrayList<>();
                Jdbc.each(session, NUMBERS, Map.of("above", 1L), outer -> {
                    long n = outer.getLong(1);
                    for (long inner : Jdbc.list(session, NUMBERS, Map.of("above", n), row -> row.getLong(1))) {
                        seen.add(n + "<" + inner);
                    }
                });
                return seen;
            });
            assertEquals(List.of("2<3"), pairs);
            assertEquals(List.of(1L, 2L, 3L), numbers(db, 0), "each use binds its own values");
        }
    }

    @Test
    void aStatementThatFailedIsNotKept() throws SQLException {
        String overflow = "SELECT abs(n - 9223372036854775807 - 1 - n) FROM numbers WHERE n > :above";
        try (SqlitePersistence db = open()) {
            RuntimeException failed = assertThrows(RuntimeException.class, () -> db.unit().read(session ->
                    Jdbc.list(session, overflow, Map.of("above", 0L), row -> row.getLong(1))));
            assertTrue(String.valueOf(failed.getMessage()).contains("overflow")
                    || String.valueOf(failed.getCause()).contains("overflow"), String.valueOf(failed));
            String positional = Jdbc.positional(overflow, Map.of("above", 0L), new ArrayList<>());
            assertFalse(Statements.holds(connection(db), positional));
            assertEquals(List.of(2L, 3L), numbers(db, 1), "the connection reads on");
        }
    }

    @Test
    void theStatementsOfAClosedConnectionAreDroppedWhenAnotherIsFirstUsed() throws Exception {
        Connection closed;
        try (SqlitePersistence db = open()) {
            numbers(db, 0);
            closed = connection(db);
            assertTrue(Statements.holds(closed, Jdbc.positional(NUMBERS, Map.of("above", 0L), new ArrayList<>())));
        }
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        try (SqlitePersistence db = SqlitePersistence.open(new PersistenceSettings(elsewhere.resolve("b.db"), 1,
                Duration.ofSeconds(5)))) {
            db.unit().read(session -> Jdbc.number(session, "SELECT 1", Map.of()));
            assertFalse(Statements.holds(closed, "SELECT 1"));
            assertFalse(Statements.tracks(closed), "the closed connection's cache is gone");
        }
    }
}
