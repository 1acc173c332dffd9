package cacherr.adapters.persistence.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration connection reads its file through a memory map and sorts on helper threads (SchemaMigrator.tune), and
 * an index built that way is the same index, page for page, as one built on one thread through {@code read()}.
 */
class MigrationTuningTest {
    @TempDir
    Path dir;

    @Test
    void theMigrationConnectionMapsItsFileAndSortsOnHelperThreads() throws SQLException {
        try (Connection connection = SchemaMigrator.open(dir.resolve("tuned.db"), false)) {
            SchemaMigrator.tune(connection);
            assertEquals(SchemaMigrator.MIGRATION_MMAP_BYTES, Sql.number(connection, "PRAGMA mmap_size"));
            assertEquals(SchemaMigrator.sortThreads(Runtime.getRuntime().availableProcessors()),
                    Sql.number(connection, "PRAGMA threads"));
            assertEquals(-SchemaMigrator.MIGRATION_CACHE_KIB, Sql.number(connection, "PRAGMA cache_size"));
        }
    }

    @Test
    void theSortLeavesOneCoreToTheReadingThread() {
        assertEquals(0, SchemaMigrator.sortThreads(1));
        assertEquals(1, SchemaMigrator.sortThreads(2));
        assertEquals(3, SchemaMigrator.sortThreads(4));
        assertEquals(3, SchemaMigrator.sortThreads(64));
    }

    @Test
    void anIndexSortedOnHelperThreadsIsTheSameIndex() throws SQLException {
        List<String> plain = indexBuilt(dir.resolve("plain.db"), false);
        List<String> tuned = indexBuilt(dir.resolve("tuned.db"), true);
        assertTrue(plain.size() > 100, "the index spans many pages: " + plain.size());
        assertEquals(plain, tuned);
    }

    /**
     * The pages of an index of 300,000 rows (~12 MB of keys: three of the sorter's 4 MB runs, merged), built after a
     * commit through the migration's {@link Sql#run}: each page's number, cells, payload and unused bytes, then a digest
     * of its entries in order and {@code integrity_check}'s answer.
     */
    private static List<String> indexBuilt(Path file, boolean tuned) throws SQLException {
        try (Connection connection = SchemaMigrator.open(file, false)) {
            if (tuned) {
                SchemaMigrator.tune(connection);
                Sql.run(connection, "PRAGMA threads = 2"); // helper threads also where the test runs on one core
            } else {
                Sql.run(connection, "PRAGMA cache_size = -" + SchemaMigrator.MIGRATION_CACHE_KIB);
            }
            Sql.script(connection, """
                    CREATE TABLE t (k TEXT, n INTEGER)
                    ;;
                    WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 300000)
                    INSERT INTO t SELECT printf('%08x-%d', (n * 2654435761) % 4294967296, n % 7), n FROM i
                    ;;
                    CREATE INDEX t_k ON t (k, n)
                    """);
            List<String> pages = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT pageno, ncell, payload, unused FROM dbstat WHERE name = 't_k' ORDER BY pageno")) {
                    while (rows.next()) {
                        pages.add(rows.getLong(1) + ":" + rows.getLong(2) + ":" + rows.getLong(3) + ":"
                                + rows.getLong(4));
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT k, n FROM t INDEXED BY t_k WHERE k > ''")) {
                    long digest = 17;
                    while (rows.next()) digest = digest * 31 + rows.getString(1).hashCode() * 7L + rows.getLong(2);
                    pages.add("entries " + digest);
                }
            }
            pages.add(Sql.text(connection, "PRAGMA integrity_check"));
            return pages;
        }
    }
}
