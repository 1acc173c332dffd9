package cacherr.domain.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.domain.error.ConflictException;
import cacherr.domain.error.IllegalTransitionException;
import cacherr.domain.error.InvalidInputException;
import cacherr.domain.error.NotFoundException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedFileTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final Placement HEAT = new Placement("/array/movies/Heat.mkv", "/array/movies/Heat.mkv",
            "/cache/movies/Heat.mkv", CacheMethod.ATOMIC_SYMLINK, 4096, "why not");

    private static CachedFile heat() {
        return CachedFile.cache(new FileId("f1"), HEAT, OperationType.WATCHLIST, ALICE, null, null, T0);
    }

    @Test
    void aNewlyCachedFileIsActiveAndAttributedToItsUser() {
        CachedFile file = heat();

        assertEquals(FileStatus.ACTIVE, file.status());
        assertEquals("Heat.mkv", file.filename());
        assertEquals(ALICE, file.triggeredByUser());
        assertEquals(List.of(new Attribution(ALICE, "watchlist", T0)), file.attributions(),
                "the reason defaults to the operation");
        assertEquals(0, file.accessCount());
        assertNull(file.lastAccessed());
        assertNull(file.placement().note(), "a note explains one placement; the record keeps only the paths");
    }

    @Test
    void aSystemOperationCachesForNobody() {
        CachedFile file = CachedFile.cache(new FileId("f1"), HEAT, OperationType.MANUAL, null, null, null, T0);
        assertEquals(List.of(), file.users());
        assertNull(file.triggeredByUser());
    }

    @Test
    void attributingAddsAUserOnceAndKeepsTheFirstReason() {
        CachedFile file = heat().attribute(BOB, "shared", T1);

        assertEquals(List.of(ALICE, BOB), file.users());
        assertSame(file, file.attribute(BOB, "again", T1.plusSeconds(5)));
        assertEquals("shared", file.attributions().get(1).reason());
    }

    @Test
    void detachingRemovesOnlyThatUser() {
        CachedFile file = heat().attribute(BOB, "shared", T1).detach(ALICE);

        assertEquals(List.of(BOB), file.users());
        assertEquals(ALICE, file.triggeredByUser(), "who first triggered it is history, not attribution");
        NotFoundException refused = assertThrows(NotFoundException.class, () -> file.detach(ALICE));
        assertEquals("user 'alice' is not attributed to Heat.mkv", refused.getMessage());
    }

    @Test
    void accessesAreCounted() {
        CachedFile file = heat().recordAccess(T1).recordAccess(T1.plusSeconds(60));

        assertEquals(2, file.accessCount());
        assertEquals(T1.plusSeconds(60), file.lastAccessed());
    }

    @Test
    void aRemovedFileRefusesUsersAndAccesses() {
        CachedFile removed = heat().markRemoved(T1);

        assertThrows(ConflictException.class, () -> removed.attribute(BOB, null, T1));
        assertThrows(ConflictException.class, () -> removed.recordAccess(T1));
    }

    @Test
    void cachingARemovedFileAgainKeepsItsIdUsersAndCounters() {
        CachedFile removed = heat().recordAccess(T1).markRemoved(T1);
        Placement copy = new Placement(HEAT.mediaPath(), HEAT.originalPath(), HEAT.cachedPath(),
                CacheMethod.ATOMIC_COPY, 4096, null);

        CachedFile again = removed.recache(copy, T1.plusSeconds(1));

        assertEquals(FileStatus.ACTIVE, again.status());
        assertEquals(removed.id(), again.id());
        assertEquals(1, again.accessCount());
        assertEquals(List.of(ALICE), again.users());
        assertEquals(CacheMethod.ATOMIC_COPY, again.cacheMethod());
        assertEquals(T0, again.cachedAt(), "first cached at stays");
    }

    @Test
    void onlyARemovedOrOrphanedFileIsCachedAgain() {
        assertThrows(IllegalTransitionException.class, () -> heat().recache(HEAT, T1));
        assertEquals(FileStatus.ACTIVE, heat().markOrphaned(T1).recache(HEAT, T1).status());
        Placement elsewhere = new Placement("/array/other.mkv", "/array/other.mkv", "/cache/other.mkv",
                CacheMethod.ATOMIC_COPY, 1, null);
        assertThrows(InvalidInputException.class, () -> heat().markRemoved(T1).recache(elsewhere, T1));
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        CachedFile file = CachedFile.cache(new FileId("f1"), HEAT, OperationType.MANUAL, ALICE, null, null,
                Instant.parse("2026-01-01T00:00:00.123456789Z"));
        assertEquals(Instant.parse("2026-01-01T00:00:00.123456Z"), file.cachedAt());
        assertEquals(Instant.parse("2026-01-01T00:00:00.123456Z"), file.attributions().get(0).attributedAt());
    }

    @Test
    void restoringSortsUsersByAttributionTimeAndRefusesDuplicates() {
        List<Attribution> users = List.of(new Attribution(BOB, "b", T1), new Attribution(ALICE, "a", T0));
        CachedFile file = CachedFile.restore(new FileId("f1"), HEAT, T0, null, 0, ALICE, OperationType.MANUAL,
                FileStatus.ACTIVE, null, users, null);
        assertEquals(List.of(ALICE, BOB), file.users());
        assertEquals(T0, file.statusChangedAt(), "status time defaults to the cache time");

        List<Attribution> twice = List.of(new Attribution(ALICE, "a", T0), new Attribution(ALICE, "b", T1));
        assertThrows(InvalidInputException.class, () -> CachedFile.restore(new FileId("f1"), HEAT, T0, null, 0, ALICE,
                OperationType.MANUAL, FileStatus.ACTIVE, null, twice, null));
        assertThrows(InvalidInputException.class, () -> CachedFile.restore(new FileId("f1"), HEAT, T0, null, -1, ALICE,
                OperationType.MANUAL, FileStatus.ACTIVE, null, List.of(), null));
    }

    @Test
    void filesAreEqualWhenEveryFieldIs() {
        assertEquals(heat(), heat());
        assertTrue(!heat().equals(heat().recordAccess(T1)));
    }
}
