package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migrated database read and written by an SQLite older than the one Cacherr ships, as users do with Debian 12's
 * {@code sqlite3} shell (3.40) or Python 3.11: the schema must parse in 3.35 and newer (issue 12, item 5). Runs the
 * real shell; without it the test is skipped, unless {@code CACHERR_REQUIRE_SQLITE3_SHELL=true} (CI), which makes a
 * missing or too new shell a failure.
 */
class OlderSqliteTest {
    /** The first SQLite with ordered aggregates: a shell this new or newer proves nothing. */
    private static final int[] ORDERED_AGGREGATES = {3, 44, 0};

    @TempDir
    Path dir;

    @Test
    void aMigratedOriginalDatabaseIsCheckedQueriedAndWrittenByAnOlderSqliteShell() throws Exception {
        String version = olderShell();
        Path file = dir.resolve("cached_files.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : LegacyDatabaseTest.ORIGINAL) s.execute(sql);
            s.execute("PRAGMA user_version = 2");
        }
        SqlitePersistence.open(PersistenceSettings.of(file)).close();

        readAndWriteInTheShell(file, version);
    }

    /** A file that the first version 7 left with its 3.43/3.44 forms: version 9 makes it readable. */
    @Test
    void aFileWithTheFirstFormOfTheShortIndexIsMadeReadableByVersion9() throws Exception {
        String version = olderShell();
        Path file = dir.resolve("cached_files.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : LegacyDatabaseTest.ORIGINAL) s.execute(sql);
            s.execute("PRAGMA user_version = 2");
        }
        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : FIRST_VERSION_7) s.execute(sql);
            s.execute("PRAGMA user_version = 8");
        }
        assertTrue(shell(file, "PRAGMA integrity_check;").contains("malformed database schema"),
                "the first version 7 is unreadable in SQLite " + version);

        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        readAndWriteInTheShell(file, version);
    }

    private void readAndWriteInTheShell(Path file, String version) throws Exception {
        String where = " in SQLite " + version;
        assertEquals("ok", shell(file, "PRAGMA integrity_check;").strip(), "integrity_check" + where);
        assertEquals("uuid-1|/mnt/user/movies/Heat.mkv\nuuid-2|/mnt/user/tv/Show/S01E01.mkv",
                shell(file, "SELECT f.id, f.file_path FROM files_short s JOIN cached_files f ON f.seq = s.rowid"
                        + " WHERE files_short MATCH '\"' || char(1) || 'h' || char(1) || '\"' ORDER BY f.id;").strip(),
                "a short search through files_short" + where);
        assertEquals("uuid-1", shell(file, "SELECT f.id FROM files_search s JOIN cached_files f ON f.seq = s.rowid"
                + " WHERE files_search MATCH 'heat';").strip(), "a search through files_search" + where);

        // writes through every trigger: a new path, a status change, a deletion, a new file
        String written = shell(file, "PRAGMA foreign_keys = ON;"
                + " UPDATE cached_files SET file_path = '/mnt/user/movies/Heat 2.mkv' WHERE id = 'uuid-1';"
                + " UPDATE cached_files SET status = 'removed' WHERE id = 'uuid-2';"
                + " DELETE FROM cached_files WHERE id = 'uuid-3';"
                + " INSERT INTO cached_files (id, file_path, filename, original_path, cached_path, cache_method,"
                + " file_size_bytes, file_size_readable, cached_at, access_count, triggered_by_operation, status,"
                + " status_changed_at, created_at) SELECT 'uuid-4', '/mnt/user/tv/Qz.mkv', 'Qz.mkv',"
                + " '/mnt/user/tv/Qz.mkv', '/mnt/cache/tv/Qz.mkv', 'atomic_copy', 5, '5 B', cached_at, 0,"
                + " 'manual', 'active', cached_at, created_at FROM cached_files WHERE id = 'uuid-1';"
                + " SELECT 'written';");
        assertEquals("written", written.strip(), "writes through the triggers" + where);
        assertEquals("ok", shell(file, "PRAGMA integrity_check;").strip(), "integrity_check after writes" + where);

        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            var files = db.bookkeeping().files();
            assertEquals(List.of("uuid-1"), ids(files.search(new SearchQuery(" 2", SearchType.PATH, 10, true))));
            assertEquals(List.of("uuid-4"), ids(files.search(new SearchQuery("qz", SearchType.PATH, 10, false))));
            assertEquals(List.of(), ids(files.search(new SearchQuery("S0", SearchType.PATH, 10, false))));
            assertEquals(List.of("uuid-2"), ids(files.search(new SearchQuery("S0", SearchType.PATH, 10, true))));
            assertEquals(List.of("uuid-1"), ids(files.search(new SearchQuery("ie", SearchType.PATH, 10, true))));
        }
        assertEquals(ShortIndex.rebuilt(file, dir), ShortIndex.postings(file),
                "the shell's writes left the short index as the data makes it");
    }

    private static List<String> ids(cacherr.domain.query.SearchResult result) {
        return result.files().stream().map(f -> f.id().value()).toList();
    }

    /** The version of the {@code sqlite3} shell on the PATH, when it is older than 3.44. */
    private static String olderShell() throws Exception {
        boolean required = "true".equals(System.getenv("CACHERR_REQUIRE_SQLITE3_SHELL"));
        String version;
        try {
            version = run(List.of("sqlite3", "-version"), "").strip().split(" ")[0];
        } catch (IOException e) {
            if (required) fail("CACHERR_REQUIRE_SQLITE3_SHELL=true but no sqlite3 shell runs: " + e.getMessage());
            Assumptions.abort("no sqlite3 shell on the PATH (Debian: apt-get install sqlite3)");
            throw e;
        }
        if (!olderThan(version, ORDERED_AGGREGATES)) {
            String why = "the sqlite3 shell is " + version + ", not older than 3.44: it proves nothing here";
            if (required) fail(why);
            Assumptions.abort(why);
        }
        return version;
    }

    private static boolean olderThan(String version, int[] than) {
        String[] parts = version.split("\\.");
        for (int i = 0; i < than.length; i++) {
            int part = i < parts.length ? Integer.parseInt(parts[i]) : 0;
            if (part != than[i]) return part < than[i];
        }
        return false;
    }

    /** What the shell prints (its errors too) for {@code sql} on {@code file}. */
    private static String shell(Path file, String sql) throws Exception {
        return run(List.of("sqlite3", "-batch", file.toString()), sql);
    }

    private static String run(List<String> command, String input) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the sqlite3 shell did not finish: " + command);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The files_short table and triggers as the first version 7 wrote them (SQLite 3.43 and 3.44 forms). */
    private static final String OLD_PATH = """
            (WITH RECURSIVE position(n) AS (
                SELECT 1 UNION ALL SELECT n + 1 FROM position WHERE n < length(f.file_path))
             SELECT char(1) || group_concat(substr(f.file_path, n, 1) || char(1), '' ORDER BY n) FROM position)""";
    private static final String OLD_INSERT = "INSERT INTO files_short (rowid, chars) SELECT CASE WHEN f.status ="
            + " 'removed' THEN -f.seq ELSE f.seq END, " + OLD_PATH + " FROM cached_files f WHERE f.seq = new.seq;";
    private static final String[] FIRST_VERSION_7 = {
        "DROP TABLE files_short",
        "CREATE VIRTUAL TABLE files_short USING fts5 (chars, tokenize = 'trigram', content = '',"
            + " contentless_delete = 1, detail = none)",
        "INSERT INTO files_short (rowid, chars) SELECT CASE WHEN f.status = 'removed' THEN -f.seq ELSE f.seq END, "
            + OLD_PATH + " FROM cached_files f",
        "DROP TRIGGER trg_short_file_insert",
        "CREATE TRIGGER trg_short_file_insert AFTER INSERT ON cached_files BEGIN " + OLD_INSERT + " END",
        "DROP TRIGGER trg_short_file_update",
        "CREATE TRIGGER trg_short_file_update AFTER UPDATE OF seq, file_path, status ON cached_files"
            + " WHEN old.seq IS NOT new.seq OR old.file_path IS NOT new.file_path"
            + " OR (old.status = 'removed') IS NOT (new.status = 'removed') BEGIN"
            + " DELETE FROM files_short WHERE rowid IN (old.seq, -old.seq); " + OLD_INSERT + " END",
        "DROP TRIGGER trg_short_file_delete",
        "CREATE TRIGGER trg_short_file_delete AFTER DELETE ON cached_files BEGIN"
            + " DELETE FROM files_short WHERE rowid IN (old.seq, -old.seq); END",
    };
}
