package cacherr.adapters.persistence.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.persistence.fixtures.OriginalDatabase;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that says it writes no references ({@link Migration#writesReferences}) is not checked for broken foreign keys
 * before it commits. Adopting a generated original one step at a time, each such step leaves the tables the foreign
 * keys are about (the attributions and their files, the batches and their results) row for row as the step before it
 * left them, in every column they had: a column it adds with a default (a stamp) writes no row.
 */
class WrittenReferencesTest {
    private static final List<String> TABLES = List.of("cached_files", "cached_file_users", "batch_operations",
            "batch_file_results");

    @TempDir
    Path dir;

    @Test
    void aStepThatSaysItWritesNoReferencesLeavesTheirTablesAsTheyWere() throws Exception {
        Path file = dir.resolve("cached_files.db");
        new OriginalDatabase(300, 2_000, 5).writeTo(file);
        List<Migration> steps = SchemaMigrator.steps();
        // the tables as each step finds them, then as the last one leaves them; and as the step before left them,
        // in the columns it found (a column added with a default is no row written)
        List<String> before = new ArrayList<>();
        List<String> left = new ArrayList<>();
        Map<String, List<String>> found = columns(file);
        for (Migration step : steps) {
            String name = "v" + step.version() + " ";
            try {
                SchemaMigrator.migrate(file, false, progress -> {
                    if (progress.stepName().startsWith(name) && !progress.finished()) throw new IllegalStateException("stop");
                });
            } catch (RuntimeException stopped) {
                assertTrue(String.valueOf(stopped.getMessage()).contains("stop"), stopped.toString());
            }
            assertEquals(step.version() - 1, Math.max(2, version(file)), "stopped before " + name);
            left.add(references(file, found));
            found = columns(file);
            before.add(references(file, found));
        }
        SchemaMigrator.migrate(file);
        left.add(references(file, found));
        int unchecked = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).writesReferences()) continue;
            unchecked++;
            assertEquals(before.get(i), left.get(i + 1), "step " + steps.get(i).version() + " wrote them");
        }
        assertTrue(unchecked > 0, "some step is not checked");
        assertFalse(left.get(1).equals(before.get(0)), "step 3 rebuilds the files and their attributions");
    }

    private static long version(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.getLong(1);
        }
    }

    /** The four tables' columns as they are now (none for one not there yet). */
    private static Map<String, List<String>> columns(Path file) throws Exception {
        Map<String, List<String>> columns = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                List<String> names = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid")) {
                    while (r.next()) names.add(r.getString(1));
                }
                columns.put(table, names);
            }
        }
        return columns;
    }

    /**
     * The four tables' rows in storage order (by key without a rowid) in {@code columns} (each table's as found
     * before), hashed ("absent" for a table not there, or not there before).
     */
    private static String references(Path file, Map<String, List<String>> columns) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                sha.update(table.getBytes());
                String sql;
                try (ResultSet r = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = '" + table + "'")) {
                    sql = r.next() ? r.getString(1) : null;
                }
                if (sql == null || columns.get(table).isEmpty()) {
                    sha.update((sql == null ? "absent" : "new").getBytes());
                    continue;
                }
                String named = String.join(", ", columns.get(table));
                String query = sql.contains("WITHOUT ROWID") ? "SELECT " + named + " FROM " + table + " ORDER BY 1, 2"
                        : "SELECT rowid, " + named + " FROM " + table + " ORDER BY rowid";
                try (ResultSet r = s.executeQuery(query)) {
                    int count = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= count; i++) {
                            byte[] value = r.getBytes(i);
                            sha.update(value == null ? new byte[] {0} : value);
                            sha.update((byte) 0x1f);
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
