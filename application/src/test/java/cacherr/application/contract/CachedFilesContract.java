package cacherr.application.contract;

import static cacherr.application.fixtures.CachedFileFixtures.ALICE;
import static cacherr.application.fixtures.CachedFileFixtures.BOB;
import static cacherr.application.fixtures.CachedFileFixtures.T0;
import static cacherr.application.fixtures.CachedFileFixtures.aFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.error.ConflictException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.CacheStatistics;
import cacherr.domain.query.DailyActivity;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Page;
import cacherr.domain.query.Paging;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import cacherr.domain.query.UserStatistics;
import cacherr.domain.query.UserSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every adapter of {@link CachedFiles} must do. Subclasses hand over an empty store for each test. */
public abstract class CachedFilesContract {
    protected CachedFiles files;

    /** Fresh, empty bookkeeping for one test. */
    protected abstract Bookkeeping emptyBookkeeping();

    @BeforeEach
    void openStore() {
        files = emptyBookkeeping().files();
    }

    private static Instant t(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static FileFilter filter(FileCriteria criteria) {
        return FileFilter.of(criteria, new Paging(500, 0));
    }

    private static List<String> ids(List<CachedFile> found) {
        return found.stream().map(f -> f.id().value()).collect(Collectors.toList());
    }

    @Test
    void aSavedFileComesBackExactlyAsSaved() {
        CachedFile file = aFile("f1").path("movies/Heat (1995)/Heat.mkv").size(29_300_000_000L)
                .method(CacheMethod.ATOMIC_SYMLINK).cachedAt(Instant.parse("2025-09-03T21:15:42.123456Z"))
                .accessed(7, Instant.parse("2025-09-04T10:00:00.5Z")).operation(OperationType.TRAKT)
                .user(ALICE, "trakt list", t(1)).user(BOB, "shared", t(2))
                .metadata("{\"rating_key\":\"123\",\"nested\":{\"a\":[1,2]}}")
                .build();
        files.save(file);

        assertEquals(file, files.findById(new FileId("f1")).orElseThrow());
        assertEquals(file, files.findByPath("/array/movies/Heat (1995)/Heat.mkv").orElseThrow());
        assertEquals(List.of(ALICE, BOB), files.findById(new FileId("f1")).orElseThrow().users());
    }

    @Test
    void savingAgainReplacesTheStateUsersIncluded() {
        CachedFile file = aFile("f1").user(ALICE).user(BOB, "shared", t(1)).build();
        files.save(file);

        CachedFile changed = file.detach(ALICE).recordAccess(t(5)).markOrphaned(t(6));
        files.save(changed);

        CachedFile found = files.findById(new FileId("f1")).orElseThrow();
        assertEquals(changed, found);
        assertEquals(List.of(BOB), found.users());
        assertEquals(FileStatus.ORPHANED, found.status());
        assertEquals(t(6), found.statusChangedAt());
    }

    @Test
    void unknownIdsAndPathsAreEmpty() {
        assertTrue(files.findById(new FileId("nope")).isEmpty());
        assertTrue(files.findByPath("/array/nope.mkv").isEmpty());
    }

    @Test
    void twoRecordsCannotHoldOnePath() {
        files.save(aFile("f1").path("movies/a.mkv").build());

        assertThrows(ConflictException.class, () -> files.save(aFile("f2").path("movies/a.mkv").build()));
        assertTrue(files.findById(new FileId("f2")).isEmpty());
    }

    @Test
    void deletingAFileDeletesItsUsersToo() {
        files.save(aFile("f1").user(ALICE).build());

        assertTrue(files.delete(new FileId("f1")));
        assertFalse(files.delete(new FileId("f1")));
        assertTrue(files.findById(new FileId("f1")).isEmpty());
        assertTrue(files.users().isEmpty());
    }

    @Test
    void listFiltersByEveryCriterion() {
        files.save(aFile("a").path("movies/Alien.mkv").size(100).cachedAt(t(1)).user(ALICE).build());
        files.save(aFile("b").path("movies/Big_Fish.mkv").size(200).cachedAt(t(2)).user(BOB)
                .operation(OperationType.ONDECK).build());
        files.save(aFile("c").path("tv/100% Show/S01E01.mkv").size(300).cachedAt(t(3)).user(ALICE).user(BOB, "x", t(3))
                .status(FileStatus.ORPHANED, t(4)).build());
        files.save(aFile("d").path("tv/Bigger/S01E01.mkv").size(400).cachedAt(t(4)).status(FileStatus.REMOVED).build());

        assertEquals(List.of("d", "c", "b", "a"), ids(files.list(filter(FileCriteria.ANY)).items()));
        assertEquals(List.of("b"), ids(files.list(filter(new FileCriteria("g_f", null, null, null, null, null, null))).items()),
                "underscore is literal");
        assertEquals(List.of("c"), ids(files.list(filter(new FileCriteria("100%", null, null, null, null, null, null))).items()),
                "percent is literal");
        assertEquals(List.of("d", "b"), ids(files.list(filter(new FileCriteria("BIG", null, null, null, null, null, null))).items()),
                "search ignores case");
        assertEquals(List.of("c", "a"), ids(files.list(filter(FileCriteria.ANY.withUser(ALICE))).items()));
        assertEquals(List.of("c"), ids(files.list(filter(FileCriteria.ANY.withStatus(FileStatus.ORPHANED))).items()));
        assertEquals(List.of("b"), ids(files.list(filter(new FileCriteria(null, null, null, OperationType.ONDECK, null, null, null))).items()));
        assertEquals(List.of("c", "b"), ids(files.list(filter(new FileCriteria(null, null, null, null, 200L, 300L, null))).items()));
        assertEquals(List.of("d", "c"), ids(files.list(filter(new FileCriteria(null, null, null, null, null, null, t(3)))).items()));
        assertEquals(List.of("c", "b"), ids(files.list(filter(new FileCriteria(null, null, null, null, null, null, t(2), t(3)))).items()),
                "both bounds of the cache time are inclusive");
        assertEquals(List.of("c"), ids(files.list(filter(new FileCriteria("S01", BOB, FileStatus.ORPHANED, null, 1L, null, t(0)))).items()));
    }

    @Test
    void listPagesAreSlicesOfOneDeterministicOrderWithTheTotal() {
        for (int i = 0; i < 23; i++) {
            // Five files share each cache time: only the id tiebreaker orders them.
            files.save(aFile(String.format("f%02d", i)).cachedAt(t(i / 5)).build());
        }
        List<String> seen = new ArrayList<>();
        for (int offset = 0; offset < 23; offset += 10) {
            Page<CachedFile> page = files.list(FileFilter.of(FileCriteria.ANY, new Paging(10, offset)));
            assertEquals(23, page.total());
            assertEquals(offset + 10 < 23, page.hasMore());
            seen.addAll(ids(page.items()));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 22; i >= 0; i--) expected.add(String.format("f%02d", i));
        assertEquals(expected, seen, "newest first, ties by id descending, no overlap, nothing skipped");

        Page<CachedFile> beyond = files.list(FileFilter.of(FileCriteria.ANY, new Paging(10, 100)));
        assertEquals(List.of(), beyond.items());
        assertEquals(23, beyond.total());
    }

    @Test
    void totalsBelowTheCountingBoundAreExactAndAskingForAnExactOneChangesNothing() {
        for (int i = 0; i < 12; i++) {
            files.save(aFile(String.format("f%02d", i)).path("movies/Movie " + i + ".mkv").cachedAt(t(i)).user(ALICE)
                    .build());
        }
        for (String search : new String[] {null, "e", "mo", "mkv", "movie 1"}) {
            FileCriteria criteria = new FileCriteria(search, null, null, null, null, null, null);
            Page<CachedFile> page = files.list(FileFilter.of(criteria, new Paging(5, 5)));
            assertTrue(page.totalExact(), search);
            assertEquals(page, files.list(FileFilter.of(criteria, new Paging(5, 5, true))), search);
        }
        for (String text : new String[] {"e", "mo", "mkv", "alice", "watch"}) {
            SearchResult result = files.search(new SearchQuery(text, SearchType.ALL, 5, true));
            assertTrue(result.totalExact(), text);
            assertEquals(result, files.search(new SearchQuery(text, SearchType.ALL, 5, true, true)), text);
        }
    }

    @Test
    void listSortsByEachFieldInBothDirections() {
        files.save(aFile("a").path("movies/b.mkv").size(300).cachedAt(t(1)).accessed(2, t(9)).operation(OperationType.TRAKT).build());
        files.save(aFile("b").path("movies/a.mkv").size(100).cachedAt(t(2)).status(FileStatus.ORPHANED).build());
        files.save(aFile("c").path("movies/c.mkv").size(200).cachedAt(t(3)).accessed(5, t(8)).operation(OperationType.MANUAL).build());

        assertEquals(List.of("b", "a", "c"), sorted("filename", "asc"));
        assertEquals(List.of("c", "a", "b"), sorted("filename", "desc"));
        assertEquals(List.of("b", "c", "a"), sorted("file_size_bytes", "asc"));
        assertEquals(List.of("c", "a", "b"), sorted("access_count", "desc"));
        assertEquals(List.of("b", "c", "a"), sorted("last_accessed", "asc"), "never accessed sorts lowest");
        assertEquals(List.of("a", "c", "b"), sorted("last_accessed", "desc"));
        assertEquals(List.of("a", "c", "b"), sorted("status", "asc"), "ties by id");
        assertEquals(List.of("c", "a", "b"), sorted("triggered_by_operation", "asc"));
        assertEquals(List.of("a", "b", "c"), sorted("cached_at", "asc"));
    }

    private List<String> sorted(String field, String order) {
        return ids(files.list(new FileFilter(FileCriteria.ANY, FileSort.parse(field, order), new Paging(10, 0))).items());
    }

    @Test
    void searchLooksWhereItIsToldAndCountsAllMatches() {
        files.save(aFile("a").path("movies/Matrix.mkv").cachedAt(t(1)).user(new UserId("neo")).build());
        files.save(aFile("b").path("matrix/Other.mkv").cachedAt(t(2)).user(ALICE).operation(OperationType.TRAKT).build());
        files.save(aFile("c").path("movies/Matrix Reloaded.mkv").cachedAt(t(3)).status(FileStatus.REMOVED).build());

        assertEquals(List.of("b", "a"), ids(files.search(new SearchQuery("matrix", SearchType.ALL, 50, false)).files()));
        assertEquals(List.of("c", "b", "a"), ids(files.search(new SearchQuery("matrix", SearchType.ALL, 50, true)).files()));
        assertEquals(List.of("a"), ids(files.search(new SearchQuery("matrix", SearchType.FILENAME, 50, false)).files()));
        assertEquals(List.of("b", "a"), ids(files.search(new SearchQuery("matrix", SearchType.PATH, 50, false)).files()));
        assertEquals(List.of("a"), ids(files.search(new SearchQuery("ne", SearchType.USER, 50, false)).files()));
        assertEquals(List.of("b"), ids(files.search(new SearchQuery("trak", SearchType.OPERATION, 50, false)).files()));
        assertEquals(List.of(), ids(files.search(new SearchQuery("m_trix", SearchType.ALL, 50, false)).files()));

        SearchResult limited = files.search(new SearchQuery("matrix", SearchType.ALL, 1, true));
        assertEquals(List.of("c"), ids(limited.files()));
        assertEquals(3, limited.totalFound());
    }

    @Test
    void searchFoldsTheCaseOfEveryAlphabetNotJustAscii() {
        files.save(aFile("a").path("movies/Amélie (2001)/Amélie.mkv").cachedAt(t(1)).user(new UserId("Émile")).build());
        files.save(aFile("b").path("tv/ПУШКИН/Пушкин.mkv").cachedAt(t(2)).build());
        files.save(aFile("c").path("movies/Amelie/Other.mkv").cachedAt(t(3)).build());

        assertEquals(List.of("a"), ids(files.search(new SearchQuery("AMÉLIE", SearchType.FILENAME, 50, false)).files()));
        assertEquals(List.of("b"), ids(files.search(new SearchQuery("пушкин", SearchType.ALL, 50, false)).files()));
        assertEquals(List.of("b"), ids(files.search(new SearchQuery("пушкин", SearchType.FILENAME, 50, false)).files()));
        assertEquals(List.of("a"), ids(files.search(new SearchQuery("É", SearchType.PATH, 50, false)).files()),
                "one character: no index helps, the rule is the same");
        assertEquals(List.of("a"), ids(files.search(new SearchQuery("émi", SearchType.USER, 50, false)).files()));
        assertEquals(List.of("a"), ids(files.list(filter(new FileCriteria("ÉLIE", null, null, null, null, null, null))).items()));
        assertEquals(List.of("b"), ids(files.list(filter(new FileCriteria("ш", null, null, null, null, null, null))).items()));
    }

    @Test
    void forEachHandsOverEveryMatchInOrder() {
        for (int i = 0; i < 1200; i++) {
            files.save(aFile(String.format("f%04d", i)).size(i).cachedAt(t(i)).user(i % 2 == 0 ? ALICE : BOB).build());
        }
        List<String> seen = new ArrayList<>();
        long count = files.forEach(FileCriteria.ANY.withUser(ALICE), new FileSort(FileSort.Field.SIZE, false),
                f -> seen.add(f.id().value()));

        assertEquals(600, count);
        assertEquals(600, seen.size());
        assertEquals("f0000", seen.get(0));
        assertEquals("f1198", seen.get(599));
    }

    @Test
    void findByStatusWalksTheCacheByIdInBatches() {
        for (int i = 0; i < 7; i++) {
            files.save(aFile("f" + i).status(i % 3 == 0 ? FileStatus.REMOVED : FileStatus.ACTIVE).user(i < 4 ? ALICE : BOB).build());
        }
        Set<FileStatus> live = EnumSet.of(FileStatus.ACTIVE);

        assertEquals(List.of("f1", "f2"), ids(files.findByStatus(live, null, null, 2)));
        assertEquals(List.of("f4", "f5"), ids(files.findByStatus(live, null, new FileId("f2"), 2)));
        assertEquals(List.of(), ids(files.findByStatus(live, null, new FileId("f5"), 2)));
        assertEquals(List.of("f1", "f2"), ids(files.findByStatus(live, ALICE, null, 10)));
        assertEquals(List.of("f0", "f3", "f6"), ids(files.findByStatus(EnumSet.of(FileStatus.REMOVED), null, null, 10)));
    }

    @Test
    void statisticsCountWhatIsOnTheCacheAndLeaveRemovedFilesOut() {
        files.save(aFile("a").size(100).cachedAt(t(5)).accessed(3, t(10)).user(ALICE).build());
        files.save(aFile("b").size(200).cachedAt(t(2)).accessed(3, t(11)).user(ALICE).user(BOB, "x", t(3))
                .operation(OperationType.ONDECK).build());
        files.save(aFile("c").size(300).cachedAt(t(3)).status(FileStatus.ORPHANED).build());
        files.save(aFile("d").size(400).cachedAt(t(4)).status(FileStatus.PENDING_REMOVAL).build());
        files.save(aFile("e").size(5000).cachedAt(t(0)).accessed(99, t(12)).user(new UserId("carol"))
                .status(FileStatus.REMOVED).build());

        CacheStatistics stats = files.statistics();

        assertEquals(4, stats.totalFiles());
        assertEquals(1000, stats.totalSizeBytes());
        assertEquals(2, stats.activeFiles());
        assertEquals(1, stats.orphanedFiles());
        assertEquals(1, stats.pendingRemovalFiles());
        assertEquals(2, stats.usersCount(), "alice and bob; carol's only file was removed");
        assertEquals(t(2), stats.oldestCachedAt());
        assertEquals("/array/movies/b.mkv", stats.mostAccessedFile(), "a tie on count goes to the latest access");
        assertEquals(2, stats.accessedFiles());
        assertEquals(6, stats.totalAccesses());
        assertEquals(0.5, stats.hitRatio(), 1e-9);
        assertEquals(Map.of(OperationType.WATCHLIST, 3L, OperationType.ONDECK, 1L), stats.filesByOperation());
        assertEquals(Map.of(OperationType.WATCHLIST, 800L, OperationType.ONDECK, 200L), stats.sizeByOperation());
    }

    @Test
    void statisticsOfAnEmptyCacheAreZero() {
        CacheStatistics stats = files.statistics();
        assertEquals(0, stats.totalFiles());
        assertNull(stats.oldestCachedAt());
        assertNull(stats.mostAccessedFile());
        assertEquals(0.0, stats.hitRatio());
        assertTrue(stats.filesByOperation().isEmpty());
    }

    @Test
    void userStatisticsCoverTheFilesAttributedWithinThePeriod() {
        files.save(aFile("old").size(1).user(ALICE, "x", t(0)).build());
        files.save(aFile("a").size(100).accessed(4, t(50)).user(ALICE, "x", t(20)).build());
        files.save(aFile("b").size(200).accessed(2, t(51)).operation(OperationType.ONDECK).user(ALICE, "x", t(30)).build());
        files.save(aFile("c").size(300).operation(OperationType.ONDECK).user(BOB).user(ALICE, "x", t(40))
                .status(FileStatus.ORPHANED).build());
        files.save(aFile("gone").size(400).user(ALICE, "x", t(45)).status(FileStatus.REMOVED).build());

        UserStatistics stats = files.userStatistics(ALICE, t(10), 30);

        assertEquals(ALICE, stats.user());
        assertEquals(30, stats.periodDays());
        assertEquals(3, stats.totalFiles());
        assertEquals(2, stats.activeFiles());
        assertEquals(600, stats.totalSizeBytes());
        assertEquals(Map.of(OperationType.WATCHLIST, 1L, OperationType.ONDECK, 2L), stats.filesByOperation());
        assertEquals(2.0, stats.averageAccessCount(), 1e-9);
        assertEquals(4, stats.maxAccessCount());
        assertEquals("a", stats.mostAccessed().id().value());
        assertEquals(OperationType.ONDECK, stats.mostCommonOperation());
        assertEquals(List.of("c", "b", "a"), ids(stats.recentFiles()));

        UserStatistics nobody = files.userStatistics(new UserId("nobody"), t(0), 7);
        assertEquals(0, nobody.totalFiles());
        assertNull(nobody.mostAccessed());
        assertNull(nobody.mostCommonOperation());
        assertEquals(0.0, nobody.averageAccessCount());
    }

    @Test
    void usersAreSummarisedFromTheAttributions() {
        files.save(aFile("a").size(100).user(ALICE, "x", t(1)).build());
        files.save(aFile("b").size(200).user(ALICE, "x", t(5)).user(BOB, "y", t(2)).status(FileStatus.ORPHANED).build());
        files.save(aFile("c").size(400).user(BOB, "x", t(9)).status(FileStatus.REMOVED).build());

        assertEquals(List.of(new UserSummary(ALICE, 2, 1, 300, t(5)), new UserSummary(BOB, 1, 0, 200, t(2))),
                files.users());
    }

    @Test
    void filesCachedPerDayAreCountedByUtcDay() {
        files.save(aFile("a").size(10).cachedAt(Instant.parse("2026-01-01T23:59:59Z")).build());
        files.save(aFile("b").size(20).cachedAt(Instant.parse("2026-01-02T00:00:00Z")).build());
        files.save(aFile("c").size(30).cachedAt(Instant.parse("2026-01-02T12:00:00Z")).status(FileStatus.REMOVED).build());
        files.save(aFile("d").size(40).cachedAt(Instant.parse("2026-01-04T08:00:00Z")).build());
        files.save(aFile("old").size(99).cachedAt(Instant.parse("2025-12-01T08:00:00Z")).build());

        assertEquals(List.of(
                        new DailyActivity(LocalDate.parse("2026-01-01"), 1, 10),
                        new DailyActivity(LocalDate.parse("2026-01-02"), 2, 50),
                        new DailyActivity(LocalDate.parse("2026-01-04"), 1, 40)),
                files.cachedPerDay(Instant.parse("2026-01-01T00:00:00Z")));
    }
}
