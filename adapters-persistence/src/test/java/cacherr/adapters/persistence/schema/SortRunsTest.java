package cacherr.adapters.persistence.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index build (and a statement marked as one large sort) runs with a small page cache, so that SQLite's sorter
 * sorts in small runs; the migration connection's own cache is what it was afterwards, also when the build fails.
 */
class SortRunsTest {
    @TempDir
    Path dir;
    private Connection connection;

    @BeforeEach
    void aConnectionWithTheMigrationsCache() throws SQLException {
        connection = SchemaMigrator.open(dir.resolve("sorts.db"), false);
        Sql.run(connection, "PRAGMA cache_size = -" + SchemaMigrator.MIGRATION_CACHE_KIB);
        Sql.script(connection, """
                CREATE TABLE t (k TEXT, v INTEGER)
                ;;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
                INSERT INTO t SELECT 'k' || (i % 500), i FROM n
                """);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void anIndexBuildLeavesThePageCacheAsItWas() throws SQLException {
        Sql.script(connection, "CREATE INDEX t_k ON t (k, v)\n;;\n  create unique index t_v on t (v)");
        Sql.run(connection, Sql.LARGE_SORT + "CREATE TEMP TABLE g AS SELECT k, count(*) FROM t GROUP BY k");
        assertEquals(-SchemaMigrator.MIGRATION_CACHE_KIB, Sql.number(connection, "PRAGMA cache_size"));
        assertEquals(500, Sql.number(connection, "SELECT count(*) FROM temp.g"));
        assertEquals(5000, Sql.number(connection, "SELECT count(*) FROM t INDEXED BY t_k WHERE k > ''"));
    }

    @Test
    void aFailedIndexBuildLeavesThePageCacheAsItWas() throws SQLException {
        assertThrows(SQLException.class, () -> Sql.run(connection, "CREATE UNIQUE INDEX t_k ON t (k)"));
        assertEquals(-SchemaMigrator.MIGRATION_CACHE_KIB, Sql.number(connection, "PRAGMA cache_size"));
    }

    @Test
    void onlyIndexBuildsAndMarkedSortsGetTheSmallCache() {
        assertTrue(Sql.sortsInSmallRuns("\n  CREATE UNIQUE INDEX IF NOT EXISTS x ON t (k)"));
        assertTrue(Sql.sortsInSmallRuns("create index x on t (k)"));
        assertTrue(Sql.sortsInSmallRuns(Sql.LARGE_SORT + "SELECT k FROM t ORDER BY k"));
        assertFalse(Sql.sortsInSmallRuns("SELECT k FROM t ORDER BY k"));
        assertFalse(Sql.sortsInSmallRuns("DROP INDEX x"));
        assertFalse(Sql.sortsInSmallRuns("CREATE TABLE indexes (k)"));
    }
}
