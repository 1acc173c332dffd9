package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.persistence.fixtures.OriginalDatabase;
import cacherr.adapters.persistence.schema.SchemaMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An adoption that stops part-way (a failure injected through the progress listener, at the start of a step, in the
 * middle of the audit log's copy, or after a step's work before its commit) leaves a file that the next start opens
 * and migrates to the very same books as an adoption that never stopped: every row kept, the adoption recorded (its
 * audit history is then kept from pruning), the triggering users attributed.
 */
class InterruptedMigrationTest {
    private static final int FILES = 400;
    private static final int LOG_ROWS = 3_000;
    @TempDir
    static Path shared;
    private static Path original;
    private static Map<String, List<String>> uninterrupted;

    @TempDir
    Path dir;

    @BeforeAll
    static void migrateOnceWithoutStopping() throws Exception {
        original = shared.resolve("original.db");
        new OriginalDatabase(FILES, LOG_ROWS, 11).writeTo(original);
        Path copy = shared.resolve("uninterrupted.db");
        Files.copy(original, copy);
        SchemaMigrator.migrate(copy);
        uninterrupted = books(copy);
    }

    /** Where to fail: a description and the progress report to fail at. */
    static Stream<Object[]> failures() {
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"at the backup copy", at(p -> p.stepName().equals("backup copy"))});
        cases.add(new Object[] {"in step 3, the files copied, the audit log not yet", at(p -> p.stepName()
                .endsWith("audit log rows") && p.done() == 0)});
        for (int version : SchemaMigrator.versions()) {
            String step = "v" + version + " ";
            cases.add(new Object[] {"before step " + version, at(p -> p.stepName().startsWith(step) && !p.finished())});
            cases.add(new Object[] {"after step " + version + "'s work, before its commit",
                at(p -> p.stepName().startsWith(step) && p.finished())});
        }
        return cases.stream();
    }

    private static Consumer<MigrationProgress> at(Predicate<MigrationProgress> where) {
        return progress -> {
            if (where.test(progress)) throw new IllegalStateException("injected failure at " + progress.describe());
        };
    }

    @ParameterizedTest(name = "failure {0}")
    @MethodSource("failures")
    void anAdoptionStoppedPartWayEndsAtTheSameBooksOnTheNextStart(String where, Consumer<MigrationProgress> failure)
            throws Exception {
        Path file = dir.resolve("cached_files.db");
        Files.copy(original, file);

        RuntimeException stopped = assertThrows(RuntimeException.class, () -> SchemaMigrator.migrate(file, true, failure));
        assertTrue(String.valueOf(stopped.getMessage()).contains("injected failure")
                || String.valueOf(stopped.getCause()).contains("injected failure"), stopped.toString());

        SchemaMigrator.migrate(file); // the next start
        assertEquals(uninterrupted, books(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".bak")), "a backup copy exists");
        }
    }

    @Test
    void theAdoptionIsRecordedWithTheRebuildSoARestartAfterItStillKnows() throws Exception {
        Path file = dir.resolve("cached_files.db");
        Files.copy(original, file);
        assertThrows(RuntimeException.class, () -> SchemaMigrator.migrate(file, true,
                at(p -> p.stepName().startsWith("v4 ") && !p.finished())));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertEquals(3, count(s, "PRAGMA user_version"));
            assertEquals(0, count(s, "SELECT from_version FROM adoption"));
            assertEquals(1, count(s, "SELECT count(*) FROM adoption"));
            // every file's triggering user has a user row already
            assertEquals(0, count(s, "SELECT count(*) FROM cached_files f WHERE f.triggered_by_user IS NOT NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM cached_file_users u WHERE u.cached_file_id = f.id"
                    + " AND u.user_id = f.triggered_by_user)"));
        }
        assertFalse(uninterrupted.get("cache_operations_log").isEmpty());
    }

    /** Every table that holds the user's data or what is derived from it, row by row in a fixed order. */
    static Map<String, List<String>> books(Path file) throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("version", "PRAGMA user_version");
        queries.put("cached_files", "SELECT * FROM cached_files ORDER BY id");
        queries.put("cached_file_users", "SELECT * FROM cached_file_users ORDER BY cached_file_id, user_id");
        queries.put("detached_file_users", "SELECT * FROM detached_file_users ORDER BY cached_file_id, user_id");
        queries.put("cache_operations_log", "SELECT * FROM cache_operations_log ORDER BY id");
        queries.put("adoption", "SELECT from_version, count(*) FROM adoption");
        queries.put("file_counters", "SELECT * FROM file_counters ORDER BY status, operation");
        queries.put("known_users", "SELECT * FROM known_users ORDER BY user_id");
        queries.put("user_days", "SELECT * FROM user_days ORDER BY user_id, day, operation");
        queries.put("user_day_best", "SELECT * FROM user_day_best ORDER BY user_id, day");
        queries.put("user_files", "SELECT * FROM user_files ORDER BY user_id, cached_at, file_id");
        queries.put("files_search", "SELECT rowid, path, users, operation FROM files_search ORDER BY rowid");
        queries.put("search 'Season'", "SELECT rowid FROM files_fts_live WHERE files_fts_live MATCH 'Season'"
                + " ORDER BY rowid");
        queries.put("short search 'S0'", "SELECT rowid FROM files_short WHERE files_short MATCH '\"S\u0001"
                + "0\"' ORDER BY rowid");
        queries.put("schema", "SELECT type, name, sql FROM sqlite_master ORDER BY type, name");
        queries.put("integrity", "PRAGMA integrity_check");
        Map<String, List<String>> books = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> query : queries.entrySet()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery(query.getValue())) {
                    ResultSetMetaData meta = r.getMetaData();
                    while (r.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) row.append(r.getString(i)).append('|');
                        rows.add(row.toString());
                    }
                }
                books.put(query.getKey(), rows);
            }
        }
        return books;
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : -1;
        }
    }
}
