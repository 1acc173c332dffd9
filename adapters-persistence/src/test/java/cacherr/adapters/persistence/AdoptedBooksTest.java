package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.persistence.fixtures.OriginalDatabase;
import cacherr.adapters.persistence.schema.SchemaMigrator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adoption's result does not move when its speed does: a generated original adopted by this code holds, table by
 * table and row by row in storage order (with the rowids and each value's type), the very values the adoption of
 * schema 17 wrote before the sixth round made it faster (recorded from {@code main} at 040ae7b) — the files, the
 * attributions, the audit log, every derived table, the full-text indexes' own tables (their segments by every
 * instance of every term they hold: the fills write them out differently since), the tables' definitions. Only the
 * adoption's time of day is left out. A change meant to change the adopted books records the new digests (the failure
 * prints them) and says why.
 */
class AdoptedBooksTest {
    /**
     * The digests of schema 17's adoption of {@code new OriginalDatabase(2_000, 20_000, 15)}, each table's and that of
     * their {@code CREATE TABLE} statements. Tables a later step adds are not compared; one that changes these tables'
     * content or columns records its digests anew: schema 18 made {@code user_files} anew with each file's status,
     * operation and size (its definition, so the definitions' digest, and its rows' digest; nothing else moved).
     * Schema 21 added {@code cached_files.row_stamp}: the definitions' digest moved; the files' digest leaves the
     * stamp out and stays, and every adopted row's stamp is checked to be the integer 0 apart. Schema 23 added
     * {@code selection_versions.books_stamp}, a random number the step draws: the definitions' digest moved; the
     * versions' digest leaves the stamp out and stays, and the stamp is checked to be an integer apart. Schema 24's
     * {@code cache_operations_log.row_stamp} is left out as the files' is, and checked to be 0 apart. Schema 25 added
     * {@code batch_operations.results_stamp} and its triggers: the definitions' digest moved (an adoption has no batch).
     */
    private static final Map<String, String> RECORDED = Map.ofEntries(
            Map.entry("(tables)", "45542b5c17014869"), // v25: results_stamp (v24: the log's row_stamp, v23, v21)
            Map.entry("(terms) files_fts", "16bb9b36af3a368b"),
            Map.entry("(terms) files_fts_live", "fb39400b7f2f3492"),
            Map.entry("(terms) files_search", "b415af8b72fd282e"),
            Map.entry("(terms) files_short", "a8e3c9510789dc12"),
            Map.entry("adoption", "474719fc8f41e521"),
            Map.entry("batch_file_results", "e3b0c44298fc1c14"),
            Map.entry("batch_operations", "e3b0c44298fc1c14"),
            Map.entry("cache_operations_log", "388c7a233304618e"),
            Map.entry("cached_file_users", "985bac59dc95744d"),
            Map.entry("cached_files", "b4bacecaa9d6044f"),
            Map.entry("detached_file_users", "9f285667546ba1fa"),
            Map.entry("file_counters", "12778f93f6fe19b5"),
            Map.entry("file_operation_intents", "e3b0c44298fc1c14"),
            Map.entry("files_fts_config", "b006f11761319569"),
            Map.entry("files_fts_docsize", "4764afaa3ad4464c"),
            Map.entry("files_fts_idx", "6ea05dd6773493cf"),
            Map.entry("files_fts_live_config", "b006f11761319569"),
            Map.entry("files_fts_live_docsize", "84a5c203017e76ea"),
            Map.entry("files_fts_live_idx", "8cdd07ae11d151b9"),
            Map.entry("files_search_config", "b006f11761319569"),
            Map.entry("files_search_content", "44ccd3e274a3f7f5"),
            Map.entry("files_search_idx", "76106633b28fd196"),
            Map.entry("files_short_config", "b006f11761319569"),
            Map.entry("files_short_docsize", "f9ad98c423a25f1a"),
            Map.entry("files_short_idx", "0a5e00329e63dcf9"),
            Map.entry("known_users", "e97cd314bdf10df8"),
            Map.entry("log_days", "53c2b0823c41a7d3"),
            Map.entry("selection_versions", "e66e8f12a1fe5d32"),
            Map.entry("user_day_best", "bb9e092c8a34b223"),
            Map.entry("user_days", "f96d1f41b0d3ab3c"),
            Map.entry("user_files", "e54ef2968a67d24a")); // v18: the same rows, three columns more

    /** The full-text indexes' segments, compared by the terms they hold (above), not byte for byte. */
    private static final List<String> FULL_TEXT_SEGMENTS = List.of("files_fts_data", "files_fts_live_data",
            "files_search_data", "files_short_data");

    @TempDir
    Path dir;

    @Test
    void anAdoptedOriginalHoldsWhatSchema17sAdoptionWroteAndItsBackupIsTheOriginal() throws Exception {
        Path file = dir.resolve("cached_files.db");
        new OriginalDatabase(2_000, 20_000, 15).writeTo(file);
        byte[] original = Files.readAllBytes(file);
        SchemaMigrator.migrate(file);
        Map<String, String> digests = digests(file);
        assertEquals(RECORDED, digests, "the adopted books changed; now: " + digests.entrySet().stream()
                .map(e -> "Map.entry(\"" + e.getKey() + "\", \"" + e.getValue() + "\")")
                .collect(Collectors.joining(",\n", "\n", "\n")));
        assertArrayEquals(original, Files.readAllBytes(onlyBackup()), "the backup is the original, byte for byte");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertEquals(2_000, count(s, "SELECT count(*) FROM cached_files"));
            assertEquals(2_000, count(s, "SELECT count(*) FROM cached_files WHERE row_stamp IS 0"
                    + " AND typeof(row_stamp) = 'integer'"), "every adopted row at stamp 0 (v21)");
            assertEquals(1, count(s, "SELECT count(*) FROM selection_versions WHERE typeof(books_stamp) = 'integer'"),
                    "the books' stamp drawn (v23)");
            assertEquals(20_000, count(s, "SELECT count(*) FROM cache_operations_log WHERE row_stamp IS 0"
                    + " AND typeof(row_stamp) = 'integer'"), "every adopted entry at stamp 0 (v24)");
        }
    }

    /**
     * An original in WAL mode holds committed rows in its {@code -wal} that its file lacks: the backup is then SQLite's
     * online copy, which has them (a copy of the file's bytes would not).
     */
    @Test
    void anOriginalInWalModeIsBackedUpWithTheRowsOnlyItsWalHolds() throws Exception {
        Path file = dir.resolve("cached_files.db");
        new OriginalDatabase(50, 200, 3).writeTo(file);
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.executeUpdate("DELETE FROM cache_operations_log WHERE rowid > 150");
            assertTrue(Files.size(Path.of(file + "-wal")) > 0, "the deletion is in the WAL only");
            SchemaMigrator.migrate(file);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + onlyBackup());
             Statement s = c.createStatement()) {
            assertEquals(150, count(s, "SELECT count(*) FROM cache_operations_log"));
            assertEquals("ok", text(s, "PRAGMA integrity_check"));
        }
    }

    /**
     * While the original's bytes are copied no other writer (a sqlite3 shell) can commit: the copy is one state of the
     * file. (A hot journal left by a writer that stopped is rolled back before, after a copy of it: CrashedOriginalTest.)
     */
    @Test
    void noOtherWriterCommitsWhileTheOriginalIsCopied() throws Exception {
        Path file = dir.resolve("cached_files.db");
        new OriginalDatabase(50, 200, 4).writeTo(file);
        List<String> tried = new ArrayList<>();
        SchemaMigrator.migrate(file, true, progress -> {
            if (!progress.stepName().equals("backup copy: pages copied") || !tried.isEmpty()) return;
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = other.createStatement()) {
                s.execute("PRAGMA busy_timeout = 0");
                s.executeUpdate("DELETE FROM cache_operations_log");
                tried.add("committed");
            } catch (SQLException e) {
                tried.add(e.getMessage());
            }
        });
        assertEquals(1, tried.size(), "the copy told its progress");
        assertTrue(tried.get(0).contains("SQLITE_BUSY"), tried.get(0));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + onlyBackup());
             Statement s = c.createStatement()) {
            assertEquals(200, count(s, "SELECT count(*) FROM cache_operations_log"));
        }
    }

    private Path onlyBackup() throws Exception {
        try (var files = Files.list(dir)) {
            List<Path> copies = files.filter(p -> p.getFileName().toString().endsWith(".bak")).toList();
            assertEquals(1, copies.size(), copies.toString());
            return copies.get(0);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            return r.getLong(1);
        }
    }

    private static String text(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            return r.getString(1);
        }
    }

    /** Each recorded table's values and their types (with its rowid) in storage order, hashed; its definition. */
    private static Map<String, String> digests(Path file) throws Exception {
        Map<String, String> digests = new TreeMap<>();
        List<String> tables = RECORDED.keySet().stream().filter(t -> !t.startsWith("(")).sorted().toList();
        List<String> all = new ArrayList<>(tables);
        all.addAll(FULL_TEXT_SEGMENTS);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String table : tables) {
                List<String> columns = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid")) {
                    while (r.next()) {
                        String column = '"' + r.getString(1) + '"';
                        // the adoption's time of day and the books' stamp (v23, random) are the values that differ
                        // from run to run; the files' and the log's stamps (v21, v24, all 0) and the books' are
                        // checked apart
                        if (!(table.equals("adoption") && column.equals("\"adopted_at\""))
                                && !column.equals("\"row_stamp\"")
                                && !(table.equals("selection_versions") && column.equals("\"books_stamp\""))) {
                            columns.add("typeof(" + column + "), " + column);
                        }
                    }
                }
                boolean rowid;
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = '" + table
                        + "' AND sql NOT LIKE '%WITHOUT ROWID%'")) {
                    rowid = r.getLong(1) > 0;
                }
                // in the table's own order, whatever index could cover it (v22 indexed user_day_best in the
                // most-accessed order, with every column of its rows: a plain scan read that index)
                List<String> key = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "') WHERE pk > 0"
                        + " ORDER BY pk")) {
                    while (r.next()) key.add('"' + r.getString(1) + '"');
                }
                String order = rowid ? "rowid" : String.join(", ", key);
                digests.put(table, digest(s, "SELECT " + (rowid ? "rowid, " : "") + String.join(", ", columns)
                        + " FROM \"" + table + "\"" + (order.isEmpty() ? "" : " ORDER BY " + order)));
            }
            // a full-text index's segments lie as its fill wrote them out: what it holds is every term's instances
            for (String index : RECORDED.keySet().stream().filter(t -> t.startsWith("(terms) ")).toList()) {
                String table = index.substring("(terms) ".length());
                s.execute("INSERT INTO " + table + " (" + table + ", rank) VALUES ('integrity-check', 0)");
                s.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, " + table + ", instance)");
                digests.put(index, digest(s, "SELECT * FROM temp.terms"));
                s.execute("DROP TABLE temp.terms");
            }
            digests.put("(tables)", digest(s, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ("
                    + all.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + ") ORDER BY name"));
        }
        return digests;
    }

    private static String digest(Statement s, String sql) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                for (int i = 1; i <= columns; i++) {
                    byte[] value = r.getBytes(i);
                    sha.update(value == null ? "\u0000null".getBytes(StandardCharsets.UTF_8) : value);
                    sha.update((byte) 0x1f);
                }
                sha.update((byte) 0x1e);
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }
}
