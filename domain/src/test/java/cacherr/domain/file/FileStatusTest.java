package cacherr.domain.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cacherr.domain.error.IllegalTransitionException;
import cacherr.domain.error.InvalidInputException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FileStatusTest {
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");

    /** The whole rule set, written out: every pair of statuses and whether the move is allowed. */
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "ACTIVE, ACTIVE, false", "ACTIVE, ORPHANED, true", "ACTIVE, PENDING_REMOVAL, true", "ACTIVE, REMOVED, true",
            "ORPHANED, ACTIVE, true", "ORPHANED, ORPHANED, false", "ORPHANED, PENDING_REMOVAL, true",
            "ORPHANED, REMOVED, true",
            "PENDING_REMOVAL, ACTIVE, true", "PENDING_REMOVAL, ORPHANED, false",
            "PENDING_REMOVAL, PENDING_REMOVAL, false", "PENDING_REMOVAL, REMOVED, true",
            "REMOVED, ACTIVE, false", "REMOVED, ORPHANED, false", "REMOVED, PENDING_REMOVAL, false",
            "REMOVED, REMOVED, false"})
    void everyTransitionIsAllowedOrRefusedByTheRuleSet(FileStatus from, FileStatus to, boolean allowed) {
        assertEquals(allowed, from.canMoveTo(to));
        CachedFile file = fileIn(from);
        if (allowed) {
            assertEquals(to, move(file, to).status());
            assertEquals(NOW, move(file, to).statusChangedAt());
        } else {
            IllegalTransitionException refused = assertThrows(IllegalTransitionException.class, () -> move(file, to));
            assertTrue(refused.getMessage().contains(from.code()) && refused.getMessage().contains(to.code()),
                    refused.getMessage());
        }
    }

    @Test
    void removedIsFinal() {
        assertEquals(Set.of(), FileStatus.REMOVED.successors());
        IllegalTransitionException refused = assertThrows(IllegalTransitionException.class,
                () -> fileIn(FileStatus.REMOVED).markActive(NOW));
        assertTrue(refused.getMessage().contains("removed is final"), refused.getMessage());
    }

    @Test
    void statusesParseFromTheirApiNamesOnly() {
        assertEquals(FileStatus.PENDING_REMOVAL, FileStatus.parse(" Pending_Removal "));
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> FileStatus.parse("gone"));
        assertEquals("status must be one of active, orphaned, pending_removal, removed, not 'gone'", refused.getMessage());
    }

    private static CachedFile move(CachedFile file, FileStatus to) {
        switch (to) {
            case ACTIVE:
                return file.markActive(NOW);
            case ORPHANED:
                return file.markOrphaned(NOW);
            case PENDING_REMOVAL:
                return file.markPendingRemoval(NOW);
            default:
                return file.markRemoved(NOW);
        }
    }

    static CachedFile fileIn(FileStatus status) {
        return CachedFile.restore(new FileId("f1"), new Placement("/array/m/a.mkv", "/array/m/a.mkv", "/cache/m/a.mkv",
                        CacheMethod.ATOMIC_COPY, 10, null), Instant.parse("2026-01-01T00:00:00Z"), null, 0, null,
                OperationType.MANUAL, status, null, java.util.List.of(), null);
    }
}
