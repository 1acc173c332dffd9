package cacherr.domain.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.domain.error.InvalidInputException;
import cacherr.domain.file.OperationType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryValuesTest {
    @ParameterizedTest(name = "limit={0} offset={1}")
    @CsvSource({"0, 0", "501, 0", "-1, 0", "50, -1"})
    void pagingOutsideItsRangeIsRefused(int limit, int offset) {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> new Paging(limit, offset));
        assertTrue(refused.getMessage().startsWith(limit < 1 || limit > 500 ? "limit must be between 1 and 500"
                : "offset must be 0 or more"), refused.getMessage());
    }

    @Test
    void pagingDefaultsToFiftyFromTheStart() {
        assertEquals(new Paging(50, 0), Paging.of(null, null));
        assertEquals(new Paging(1, 7), Paging.of(1, 7));
        assertEquals(new Paging(500, 0), Paging.of(500, null));
    }

    @Test
    void aSizeRangeMustNotBeUpsideDown() {
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> new FileCriteria(null, null, null, null, 10L, 5L, null));
        assertEquals("size_min must not be larger than size_max", refused.getMessage());
        assertThrows(InvalidInputException.class, () -> new FileCriteria(null, null, null, null, -1L, null, null));
        assertEquals(5L, new FileCriteria(null, null, null, null, 5L, 5L, null).sizeMax());
    }

    @Test
    void aBlankSearchMeansNoSearch() {
        assertNull(new FileCriteria("   ", null, null, null, null, null, null).search());
        assertEquals("heat", new FileCriteria(" heat ", null, null, null, null, null, null).search());
        assertThrows(InvalidInputException.class, () -> new FileCriteria("x".repeat(201), null, null, null, null, null, null));
    }

    @Test
    void aSearchQueryNeedsText() {
        assertThrows(InvalidInputException.class, () -> new SearchQuery(" ", SearchType.ALL, 10, false));
        assertThrows(InvalidInputException.class, () -> new SearchQuery("a", SearchType.ALL, 0, false));
        assertEquals(SearchType.ALL, SearchType.parse(null));
        assertEquals(SearchType.USER, SearchType.parse("User"));
        assertThrows(InvalidInputException.class, () -> SearchType.parse("title"));
    }

    @Test
    void sortsParseWithSensibleDefaults() {
        assertEquals(FileSort.NEWEST_FIRST, FileSort.parse(null, null));
        assertEquals(new FileSort(FileSort.Field.FILENAME, false), FileSort.parse("filename", null));
        assertEquals(new FileSort(FileSort.Field.SIZE, true), FileSort.parse("file_size_bytes", "DESC"));
        assertThrows(InvalidInputException.class, () -> FileSort.parse("random", null));
        assertThrows(InvalidInputException.class, () -> FileSort.parse("filename", "sideways"));
    }

    @Test
    void aLogWindowMustNotBeUpsideDown() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThrows(InvalidInputException.class, () -> new LogFilter(null, null, null, null, t.plusSeconds(1), t, Paging.FIRST));
    }

    @Test
    void aPageKnowsWhetherMoreFollow() {
        assertTrue(new Page<>(List.of(1, 2), 5, 2, 0).hasMore());
        assertFalse(new Page<>(List.of(5), 5, 2, 4).hasMore());
        assertEquals(List.of("1", "2"), new Page<>(List.of(1, 2), 2, 2, 0).map(String::valueOf).items());
        assertThrows(InvalidInputException.class, () -> new Page<>(List.of(1, 2), 1, 2, 0));
    }

    @Test
    void aTotalThatIsALowerBoundSaysMoreFollowAndReachesTheCountingBound() {
        Page<Integer> bounded = new Page<>(List.of(1, 2), Page.COUNTED_UP_TO, 2, 9_998, false);
        assertTrue(bounded.hasMore(), "more than the total match, so more follow even at the total's end");
        assertFalse(bounded.map(String::valueOf).totalExact());
        assertTrue(new Page<>(List.of(1, 2), 2, 2, 0).totalExact());
        // a page that is not full is the last: its total is known, and a bound below the counting bound is refused
        assertThrows(InvalidInputException.class, () -> new Page<>(List.of(1), Page.COUNTED_UP_TO, 2, 0, false));
        assertThrows(InvalidInputException.class, () -> new Page<>(List.of(1, 2), 500, 2, 0, false));
        assertThrows(InvalidInputException.class, () -> new Page<>(List.of(1, 2), 10_000, 2, 10_000, false));
        assertThrows(InvalidInputException.class, () -> new SearchResult(List.of(), 9_999, false));
        assertFalse(new SearchResult(List.of(), Page.COUNTED_UP_TO, false).totalExact(), "a bound at the bound");
    }

    @Test
    void aStoreCountsPastTheLargerOfTheBoundAndThePagesEndUnlessAskedForAnExactTotal() {
        assertEquals(10_001, new Paging(50, 0).countBound());
        assertEquals(20_051, new Paging(50, 20_000).countBound());
        assertEquals(Long.MAX_VALUE, new Paging(50, 0, true).countBound());
        assertEquals(new Paging(50, 0, true), Paging.of(null, null, true));
        assertEquals(10_001, new SearchQuery("x", SearchType.ALL, 500, false).countBound());
        assertEquals(Long.MAX_VALUE, new SearchQuery("x", SearchType.ALL, 5, false, true).countBound());
    }

    @Test
    void theHitRatioIsTheShareOfCachedFilesThatWereWatched() {
        assertEquals(0.0, CacheStatistics.hitRatio(0, 0));
        assertEquals(0.25, CacheStatistics.hitRatio(1, 4));
        assertEquals(1.0, CacheStatistics.hitRatio(3, 3));
    }

    @Test
    void theMostCommonOperationBreaksTiesByDeclarationOrder() {
        assertNull(UserStatistics.mostCommon(Map.of()));
        assertEquals(OperationType.ONDECK, UserStatistics.mostCommon(Map.of(OperationType.ONDECK, 2L, OperationType.TRAKT, 1L)));
        assertEquals(OperationType.WATCHLIST, UserStatistics.mostCommon(Map.of(OperationType.TRAKT, 2L, OperationType.WATCHLIST, 2L)));
    }
}
