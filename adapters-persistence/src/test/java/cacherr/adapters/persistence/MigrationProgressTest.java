package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.persistence.fixtures.OriginalDatabase;
import cacherr.adapters.persistence.schema.SchemaMigrator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /health} and the page show while an original database is adopted: the share done never goes back. Step
 * 4 tells two parts (its indexes, then its counters and path index); the second part's first report went from 76 %
 * back to 62 % of the whole run.
 */
class MigrationProgressTest {
    @TempDir
    Path dir;

    @Test
    void theShareDoneNeverGoesBackFromTheBackupToTheLastStep() throws Exception {
        Path file = dir.resolve("original.db");
        new OriginalDatabase(60, 600, 2).writeTo(file);
        List<MigrationProgress> told = new ArrayList<>();
        SchemaMigrator.migrate(file, true, told::add);
        assertEquals("backup copy", told.get(0).stepName());
        assertTrue(told.stream().anyMatch(p -> p.stepName().contains("counters and path index")), told.toString());
        for (int i = 1; i < told.size(); i++) {
            MigrationProgress before = told.get(i - 1), now = told.get(i);
            assertTrue(now.percent() >= before.percent(), before.describe() + " then " + now.describe());
            assertTrue(now.step() >= before.step(), before.describe() + " then " + now.describe());
        }
        assertEquals(told.get(0).steps(), told.get(told.size() - 1).step());
    }
}
