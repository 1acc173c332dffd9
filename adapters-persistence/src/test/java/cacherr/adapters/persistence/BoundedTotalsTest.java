package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.inmemory.InMemoryCachedFiles;
import cacherr.application.port.out.CachedFiles;
import cacherr.application.port.out.OperationJournal;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Page;
import cacherr.domain.query.Paging;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Past {@link Page#COUNTED_UP_TO} matches, a count that would visit every match stops and says its total is a lower
 * bound; the pages stay the reference's, asking for an exact total gives it, and totals from counters stay exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedTotalsTest {
    private static final int FILES = 10_300; // 10,094 live
    private static final UserId ANN = new UserId("ann");
    private static final UserId BENNIE = new UserId("bennie");

    private SqlitePersistence db;
    private CachedFiles sqlite;
    private final CachedFiles reference = new InMemoryCachedFiles();

    @BeforeAll
    void load(@TempDir Path dir) {
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        sqlite = db.bookkeeping().files();
        OperationJournal journal = db.bookkeeping().journal();
        db.bookkeeping().transactions().run(() -> {
            for (int i = 0; i < FILES; i++) {
                var builder = CachedFileFixtures.aFile(String.format("f%05d", i))
                        .path("movies/Movie " + i + ".mkv")
                        .cachedAt(CachedFileFixtures.T0.plusSeconds(i % 977))
                        .status(i % 50 == 0 ? FileStatus.REMOVED : FileStatus.ACTIVE)
                        .user(ANN, "watchlist", CachedFileFixtures.T0);
                if (i % 3 == 0) builder.user(BENNIE, "ondeck", CachedFileFixtures.T0);
                CachedFile file = builder.build();
                sqlite.save(file);
                reference.save(file);
                journal.record(new AuditEntry("log-" + i, AuditAction.CACHE_ADD, file.filePath(), "test", ANN,
                        "watchlist", true, null, null, CachedFileFixtures.T0.plusSeconds(i)));
            }
        });
    }

    @AfterAll
    void close() {
        db.close();
    }

    @Test
    void aBroadListCountsUpToItsBoundAndPagesAsTheReference() {
        for (String search : List.of("mkv", "e", "ov")) { // a trigram, one character, two characters
            FileFilter first = FileFilter.of(criteria(search, null), Paging.FIRST);
            Page<CachedFile> bounded = sqlite.list(first);
            assertFalse(bounded.totalExact(), search);
            assertEquals(Page.COUNTED_UP_TO, bounded.total(), search);
            assertTrue(bounded.hasMore());
            assertEquals(ids(reference.list(first).items()), ids(bounded.items()), search);

            FileFilter exact = FileFilter.of(criteria(search, null), new Paging(50, 0, true));
            Page<CachedFile> counted = sqlite.list(exact);
            assertTrue(counted.totalExact());
            assertEquals(FILES, counted.total(), search);

            // past the bound the count reaches the page's end; a page whose end passes every match is exact
            FileFilter deep = new FileFilter(criteria(search, null), FileSort.NEWEST_FIRST, new Paging(50, 9_990));
            Page<CachedFile> deepPage = sqlite.list(deep);
            // the store may count further to choose its way of paging (see FileSql.walkThreshold): exact or the bound
            assertEquals(deepPage.totalExact() ? FILES : 10_040, deepPage.total(), search);
            assertTrue(deepPage.hasMore());
            assertEquals(ids(reference.list(deep).items()), ids(deepPage.items()), search);
            FileFilter last = new FileFilter(criteria(search, null), FileSort.NEWEST_FIRST, new Paging(50, 10_280));
            Page<CachedFile> lastPage = sqlite.list(last);
            assertTrue(lastPage.totalExact());
            assertEquals(FILES, lastPage.total());
            assertFalse(lastPage.hasMore());
            assertEquals(ids(reference.list(last).items()), ids(lastPage.items()), search);
        }
    }

    @Test
    void totalsFromCountersStayExactHoweverLarge() {
        assertEquals(new Page<>(List.of(), FILES, 1, FILES), sqlite.list(new FileFilter(FileCriteria.ANY,
                FileSort.NEWEST_FIRST, new Paging(1, FILES))));
        FileFilter byStatus = FileFilter.of(new FileCriteria(null, null, FileStatus.ACTIVE, null, null, null, null),
                Paging.FIRST);
        Page<CachedFile> active = sqlite.list(byStatus);
        assertTrue(active.totalExact());
        assertEquals(reference.list(byStatus).total(), active.total());
        assertTrue(active.total() > Page.COUNTED_UP_TO);
        SearchResult operation = sqlite.search(new SearchQuery("watchlist", SearchType.OPERATION, 10, true));
        assertTrue(operation.totalExact(), "the operation counters");
        assertEquals(FILES, operation.totalFound());
        for (SearchType type : List.of(SearchType.USER, SearchType.ALL)) {
            for (boolean removed : List.of(false, true)) {
                // one user's attributions reach the bound (its counter, or its index with removed files): a bound,
                // without counting the files it only triggered
                SearchResult user = sqlite.search(new SearchQuery("ann", type, 10, removed));
                assertFalse(user.totalExact(), type + " " + removed);
                assertEquals(Page.COUNTED_UP_TO, user.totalFound());
                SearchQuery exact = new SearchQuery("ann", type, 10, removed, true);
                assertEquals(reference.search(exact).totalFound(), sqlite.search(exact).totalFound());
            }
        }
    }

    @Test
    void aBroadSearchCountsUpToItsBoundUnlessAskedForAllOfThem() {
        for (String text : List.of("mkv", "e", "ov")) {
            for (SearchType type : List.of(SearchType.ALL, SearchType.PATH, SearchType.FILENAME)) {
                SearchQuery query = new SearchQuery(text, type, 50, false);
                SearchResult expected = reference.search(query);
                if (expected.totalFound() == 0) continue;
                SearchResult bounded = sqlite.search(query);
                assertEquals(ids(expected.files()), ids(bounded.files()), query.toString());
                assertFalse(bounded.totalExact(), query.toString());
                assertEquals(Page.COUNTED_UP_TO, bounded.totalFound(), query.toString());

                SearchQuery exact = new SearchQuery(text, type, 50, false, true);
                SearchResult counted = sqlite.search(exact);
                assertTrue(counted.totalExact());
                assertEquals(expected.totalFound(), counted.totalFound(), exact.toString());
            }
        }
        for (SearchType type : List.of(SearchType.USER, SearchType.ALL)) { // "nn": two users, nothing else
            for (boolean removed : List.of(false, true)) {
                SearchResult bounded = sqlite.search(new SearchQuery("nn", type, 50, removed));
                assertFalse(bounded.totalExact(), type + " " + removed);
                assertEquals(ids(reference.search(new SearchQuery("nn", type, 50, removed)).files()),
                        ids(bounded.files()));
                SearchResult exact = sqlite.search(new SearchQuery("nn", type, 50, removed, true));
                assertEquals(reference.search(new SearchQuery("nn", type, 50, removed)).totalFound(),
                        exact.totalFound());
            }
        }
        SearchResult bennie = sqlite.search(new SearchQuery("enn", SearchType.USER, 50, false));
        assertTrue(bennie.totalExact(), "one user below the bound");
        assertEquals(reference.search(new SearchQuery("enn", SearchType.USER, 50, false)).totalFound(),
                bennie.totalFound());
        SearchResult few = sqlite.search(new SearchQuery("Movie 100", SearchType.PATH, 50, true));
        assertTrue(few.totalExact(), "fewer matches than the bound are counted");
        assertEquals(reference.search(new SearchQuery("Movie 100", SearchType.PATH, 50, true)).totalFound(),
                few.totalFound());
    }

    /**
     * Where the day counts (schema 16) do not cover a filter — successes — the log counts up to its bound; where they
     * do, the total is their exact sum, with no count of entries at all.
     */
    @Test
    void theLogCountsUpToItsBoundUnlessAskedForAllOfIt() {
        OperationJournal journal = db.bookkeeping().journal();
        Page<AuditEntry> bounded = db.bookkeeping().transactions().readOnly(() -> journal.list(
                new LogFilter(null, null, null, true, null, null, Paging.FIRST)));
        assertFalse(bounded.totalExact());
        assertEquals(Page.COUNTED_UP_TO, bounded.total());
        assertEquals("log-" + (FILES - 1), bounded.items().get(0).id());
        Page<AuditEntry> exact = journal.list(new LogFilter(null, null, null, null, null, null, new Paging(50, 0, true)));
        assertEquals(FILES, exact.total());
        assertTrue(exact.totalExact());
        Page<AuditEntry> counted = journal.list(LogFilter.LATEST);
        assertTrue(counted.totalExact(), "from the day counts");
        assertEquals(FILES, counted.total());
        Page<AuditEntry> narrow = journal.list(new LogFilter(null, null, "/media/movies/Movie 7.mkv", null, null, null,
                Paging.FIRST));
        assertTrue(narrow.totalExact());
    }

    private static FileCriteria criteria(String search, UserId user) {
        return new FileCriteria(search, user, null, null, null, null, null);
    }

    private static List<String> ids(List<CachedFile> files) {
        return files.stream().map(f -> f.id().value()).toList();
    }
}
