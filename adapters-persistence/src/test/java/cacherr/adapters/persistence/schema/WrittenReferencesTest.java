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
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that says it writes no references ({@link Migration#writesReferences}) is not checked for broken foreign keys
 * before it commits. Adopting a generated original one step at a time, each such step leaves the tables the foreign
 * keys are about (the attributions and their files, the batches and their results) row for row as the step before it
 * left them.
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
        List<String> before = new ArrayList<>(); // the tables as each step finds them, then as the last one leaves them
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
            before.add(references(file));
        }
        SchemaMigrator.migrate(file);
        before.add(references(file));
        int unchecked = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).writesReferences()) continue;
            unchecked++;
            assertEquals(before.get(i), before.get(i + 1), "step " + steps.get(i).version() + " wrote them");
        }
        assertTrue(unchecked > 0, "some step is not checked");
        assertFalse(before.get(1).equals(before.get(0)), "step 3 rebuilds the files and their attributions");
    }

    private static long version(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.getLong(1);
        }
    }

    /** The four tables' rows in storage order (by key without a rowid), hashed ("absent" for one not there yet). */
    private static String references(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                sha.update(table.getBytes());
                String sql;
                try (ResultSet r = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = '" + table + "'")) {
                    sql = r.next() ? r.getString(1) : null;
                }
                if (sql == null) {
                    sha.update("absent".getBytes());
                    continue;
                }
                String query = sql.contains("WITHOUT ROWID") ? "SELECT * FROM " + table + " ORDER BY 1, 2"
                        : "SELECT rowid, * FROM " + table + " ORDER BY rowid";
                try (ResultSet r = s.executeQuery(query)) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= columns; i++) {
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
