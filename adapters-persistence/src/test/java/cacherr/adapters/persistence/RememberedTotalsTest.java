package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.MixedBooks.FEW;
import static cacherr.adapters.persistence.MixedBooks.FILES;
import static cacherr.adapters.persistence.MixedBooks.USERS;
import static cacherr.adapters.persistence.MixedBooks.combination;
import static cacherr.adapters.persistence.MixedBooks.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.inmemory.InMemoryCachedFiles;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Page;
import cacherr.domain.query.Paging;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Totals (and the index counts that choose a page's way) kept from an earlier read-only request at the same books
 * ({@link SelectionTotals}): the pages and totals are the reference's and those counted afresh, for every combination
 * of the list's filters, and after every kind of write — by this service or by another connection — the next request
 * counts again.
 */
class RememberedTotalsTest {

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private CachedFiles sqlite;
    private SqliteCachedFiles files;
    private final CachedFiles reference = new InMemoryCachedFiles();

    @BeforeEach
    void load() {
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        sqlite = db.bookkeeping().files();
        files = (SqliteCachedFiles) sqlite;
        MixedBooks.fill(sqlite, reference);
        // a search asked again reaches the totals and snapshots beneath its kept answer (KeptAnswersTest keeps it)
        KeptAnswers.keep = false;
    }

    @AfterEach
    void close() {
        SqliteCachedFiles.rememberTotals = true;
        KeptAnswers.keep = true;
        db.close();
    }

    /**
     * Every combination of the list's six filters (a search of three characters and of one, a user of many files and
     * of few), first pages, small pages, pages past the end and exact totals, two sorts: asked twice, the second
     * answer reuses the first's counts, and both are the reference's and the answer counted afresh.
     */
    @Test
    void rememberedTotalsGiveThePagesAndTotalsCountedAfresh() {
        int compared = 0;
        for (int mask = 1; mask < 64; mask++) {
            for (String search : List.of("ovie", "o")) {
                for (UserId user : List.of(USERS.get(0), FEW)) {
                    if ((mask & 1) == 0 && !search.equals("ovie") || (mask & 2) == 0 && user == FEW) continue;
                    FileCriteria criteria = combination(mask, search, user);
                    for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.SIZE, false))) {
                        for (Paging paging : List.of(new Paging(50, 0), new Paging(7, 3), new Paging(10, 150),
                                new Paging(50, FILES), new Paging(5, 0, true))) {
                            FileFilter filter = new FileFilter(criteria, sort, paging);
                            Page<CachedFile> expected = reference.list(filter);
                            Page<CachedFile> fresh = afresh(filter);
                            assertSamePage(expected, fresh, filter.toString());
                            assertSamePage(fresh, sqlite.list(filter), "first: " + filter);
                            assertSamePage(fresh, sqlite.list(filter), "again: " + filter);
                            compared++;
                        }
                    }
                }
            }
        }
        assertTrue(files.totals.reused() > compared / 2, "most second answers reused a total: "
                + files.totals.reused() + " of " + compared);
    }

    /**
     * After every kind of write — a file cached; its status, path, size, cache time or operation changed; a user
     * attached or detached; an access counted; a file deleted — the next answer is the reference's: a total kept
     * before the write is not used after it (the books' counter moved), and is used again while nothing changes.
     */
    @Test
    void everyKindOfWriteIsCountedAgain() {
        List<FileFilter> filters = new ArrayList<>();
        for (int mask : new int[] {1 | 2, 1 | 4, 2 | 16, 2 | 32, 1 | 8, 1 | 2 | 4 | 16, 2 | 4 | 8 | 32, 63,
                4 | 16, 8 | 32, 16 | 32, 4 | 8 | 16, 2 | 4 | 8 | 16 | 32}) { // index counts and a user's range too
            filters.add(new FileFilter(combination(mask, "ovie", USERS.get(0)), FileSort.NEWEST_FIRST,
                    new Paging(5, 0)));
        }
        filters.add(new FileFilter(combination(1 | 2, "o", FEW), FileSort.NEWEST_FIRST, new Paging(5, 0)));
        filters.add(new FileFilter(combination(1 | 4, "o", FEW), new FileSort(FileSort.Field.SIZE, true),
                new Paging(5, 10)));
        Random random = new Random(5);
        List<UnaryOperator<CachedFile>> changes = List.of(
                f -> f.markRemoved(CachedFileFixtures.T0.plusSeconds(5000)),
                f -> f.markActive(CachedFileFixtures.T0.plusSeconds(5000)),
                f -> f.markOrphaned(CachedFileFixtures.T0.plusSeconds(5000)),
                f -> f.recordAccess(CachedFileFixtures.T0.plusSeconds(random.nextInt(5000))),
                f -> f.attribute(USERS.get(random.nextInt(3)), "r", CachedFileFixtures.T0),
                f -> f.attribute(FEW, "r", CachedFileFixtures.T0),
                f -> f.attributions().isEmpty() ? f : f.detach(f.attributions().get(0).user()));
        int moved = 0;
        for (int step = 0; step < 120; step++) {
            List<Long> totals = new ArrayList<>();
            for (FileFilter filter : filters) {
                Page<CachedFile> page = sqlite.list(filter);
                assertSamePage(reference.list(filter), page, step + " " + filter);
                totals.add(page.total());
            }
            long reused = files.totals.reused() + files.snapshots.used();
            for (FileFilter filter : filters) { // nothing changed: every total kept (and a search's snapshot read)
                assertSamePage(reference.list(filter), sqlite.list(filter), "again " + step + " " + filter);
            }
            assertTrue(files.totals.reused() + files.snapshots.used() >= reused + filters.size(),
                    "totals reused (or pages read from a search's snapshot) while nothing changed");

            int kind = random.nextInt(changes.size() + 3);
            String id = String.format("f%03d", random.nextInt(FILES));
            CachedFile file = reference.findById(new FileId(id)).orElse(null);
            if (kind == changes.size()) { // a new file, found by most of these filters
                file = CachedFileFixtures.aFile(String.format("n%03d", step)).path("movies/New Movie " + step + ".mkv")
                        .cachedAt(CachedFileFixtures.T0.plusSeconds(300 + random.nextInt(500))).size(300)
                        .operation(OperationType.values()[1]).user(USERS.get(0), "r", CachedFileFixtures.T0)
                        .user(FEW, "r", CachedFileFixtures.T0).build();
            } else if (kind == changes.size() + 1 && file != null) { // a file forgotten
                sqlite.delete(file.id());
                reference.delete(file.id());
                moved += moved(filters, totals);
                continue;
            } else if (kind == changes.size() + 2 && file != null) { // a new path, size, cache time, operation
                file = CachedFileFixtures.aFile(id).path((random.nextBoolean() ? "tv/Moved " : "movies/Moved Movie ")
                                + step + ".mkv").size(random.nextInt(1000))
                        .cachedAt(CachedFileFixtures.T0.plusSeconds(random.nextInt(1000)))
                        .operation(OperationType.values()[random.nextInt(OperationType.values().length)])
                        .status(file.status()).user(USERS.get(0), "r", CachedFileFixtures.T0).build();
            } else if (file != null && kind < changes.size()) {
                try {
                    file = changes.get(kind).apply(file);
                } catch (RuntimeException notAllowed) { // e.g. a removed file cannot be orphaned
                    continue;
                }
            }
            if (file == null) continue;
            sqlite.save(file);
            reference.save(file);
            moved += moved(filters, totals);
        }
        assertTrue(moved > 40, "writes changed totals kept before them: " + moved);
    }

    /** How many of these filters' totals differ from {@code before} now (by the reference). */
    private int moved(List<FileFilter> filters, List<Long> before) {
        int moved = 0;
        for (int i = 0; i < filters.size(); i++) {
            if (reference.list(filters.get(i)).total() != before.get(i)) moved++;
        }
        return moved;
    }

    /**
     * A write by another connection (the sqlite3 shell, another process) moves the counter through the triggers: the
     * total kept before it is not used after it — for each filtered column and for an attribution added and removed.
     */
    @Test
    void aWriteByAnotherConnectionIsCountedAgain() throws Exception {
        FileCriteria criteria = new FileCriteria("ovie", USERS.get(0), FileStatus.ACTIVE, null, 100L, 400L, null);
        FileFilter filter = new FileFilter(criteria, FileSort.NEWEST_FIRST, new Paging(5, 0));
        String[] writes = {
            "UPDATE cached_files SET file_size_bytes = 99 WHERE id = (SELECT f.id FROM cached_files f JOIN"
                + " cached_file_users u ON u.cached_file_id = f.id AND u.user_id = 'ann' WHERE f.status = 'active'"
                + " AND f.file_size_bytes BETWEEN 100 AND 400 AND f.file_path LIKE '%ovie%' LIMIT 1)",
            "UPDATE cached_files SET status = 'orphaned' WHERE id = (SELECT f.id FROM cached_files f JOIN"
                + " cached_file_users u ON u.cached_file_id = f.id AND u.user_id = 'ann' WHERE f.status = 'active'"
                + " AND f.file_size_bytes BETWEEN 100 AND 400 AND f.file_path LIKE '%ovie%' LIMIT 1)",
            "DELETE FROM cached_file_users WHERE user_id = 'ann' AND cached_file_id = (SELECT f.id FROM cached_files f"
                + " JOIN cached_file_users u ON u.cached_file_id = f.id AND u.user_id = 'ann' WHERE f.status ="
                + " 'active' AND f.file_size_bytes BETWEEN 100 AND 400 AND f.file_path LIKE '%ovie%' LIMIT 1)",
            "INSERT INTO cached_file_users (cached_file_id, user_id, attribution_reason, added_at) SELECT f.id, 'ann', 'r',"
                + " '2025-01-01T00:00:00.000000Z' FROM cached_files f WHERE f.status = 'active' AND f.file_size_bytes"
                + " BETWEEN 100 AND 400 AND f.file_path LIKE '%ovie%' AND NOT EXISTS (SELECT 1 FROM cached_file_users"
                + " u WHERE u.cached_file_id = f.id AND u.user_id = 'ann') LIMIT 1",
        };
        for (String write : writes) {
            long before = sqlite.list(filter).total();
            assertEquals(afresh(filter).total(), sqlite.list(filter).total());
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("books.db"));
                 var statement = c.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 10000");
                statement.executeUpdate(write); // its count includes the triggers' rows
            }
            Page<CachedFile> after = sqlite.list(filter);
            assertSamePage(afresh(filter), after, write);
            assertEquals(write.startsWith("INSERT") ? before + 1 : before - 1, after.total(), write);
        }
    }

    /**
     * A search alone (a trigram text, one and two characters, a text no path holds): its index's count is kept too,
     * so the second answer counts nothing, and both are the reference's and the answer counted afresh — first pages,
     * exact totals, a page past the end; after a path changes, it is counted again.
     */
    @Test
    void aSearchAlonesIndexCountIsKept() {
        for (String search : List.of("ovie", "o", "ho", "Show 7", "xyz")) {
            for (Paging paging : List.of(new Paging(50, 0), new Paging(5, 0, true), new Paging(10, FILES))) {
                FileFilter filter = new FileFilter(new FileCriteria(search, null, null, null, null, null, null),
                        FileSort.NEWEST_FIRST, paging);
                Page<CachedFile> fresh = afresh(filter);
                assertSamePage(reference.list(filter), fresh, filter.toString());
                assertSamePage(fresh, sqlite.list(filter), "first: " + filter);
                long reused = files.totals.reused(), used = files.snapshots.used();
                assertSamePage(fresh, sqlite.list(filter), "again: " + filter);
                assertTrue(files.totals.reused() > reused || files.snapshots.used() > used,
                        "the second answer reused the count, or read a snapshot: " + filter);
                if (fresh.totalExact() && fresh.total() > 0) {
                    assertSamePage(fresh, sqlite.list(filter), "a third time: " + filter);
                    assertTrue(files.snapshots.used() > used, "a page from the snapshot: " + filter);
                }
            }
        }
        FileFilter shows = new FileFilter(new FileCriteria("Show", null, null, null, null, null, null),
                FileSort.NEWEST_FIRST, new Paging(5, 0, true));
        long before = sqlite.list(shows).total();
        CachedFile moved = reference.findById(new FileId("f001")).orElseThrow(); // a movie becomes a show
        moved = CachedFileFixtures.aFile("f001").path("tv/Show moved.mkv").cachedAt(moved.cachedAt())
                .size(moved.sizeBytes()).operation(moved.triggeredByOperation()).status(moved.status()).build();
        sqlite.save(moved);
        reference.save(moved);
        Page<CachedFile> after = sqlite.list(shows);
        assertSamePage(reference.list(shows), after, "after a path changed");
        assertEquals(before + 1, after.total());
    }

    /**
     * A deep page in the last or first quarter of its selection — a search's, a status's, a user's list — read without
     * a snapshot (as before) until the rows such pages skipped at the same books reach the selection's size; that
     * visit reads one, and every later deep page of it comes from it, with the same files as the reference and as the
     * page counted afresh, in both orders. A write in between means none is used, and the skipped rows count anew.
     */
    @Test
    void aDeepPageAskedAgainIsReadFromASnapshotOnceItsSkipsReachTheSelection() {
        SqliteCachedFiles.snapshotFrom = 1;
        try {
            for (FileCriteria criteria : List.of(new FileCriteria("ovie", null, null, null, null, null, null),
                    new FileCriteria("o", null, null, null, null, null, null),
                    new FileCriteria(null, null, FileStatus.ACTIVE, null, null, null, null),
                    new FileCriteria(null, USERS.get(1), null, null, null, null, null))) {
                for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.SIZE, false))) {
                    long built = files.snapshots.built(), used = files.snapshots.used();
                    long size = reference.list(new FileFilter(criteria, sort, new Paging(1, 0, true))).total();
                    List<FileFilter> pages = new ArrayList<>();
                    for (long offset : new long[] {size - size / 8, size - 5, size / 8}) {
                        pages.add(new FileFilter(criteria, sort, new Paging(10, (int) offset)));
                    }
                    long skip = size / 8 - 10, visits = 1;
                    assertSamePage(reference.list(pages.get(0)), sqlite.list(pages.get(0)), "first " + pages.get(0));
                    while (visits * skip < size) {
                        assertEquals(built, files.snapshots.built(), "skipped less than the selection: " + visits);
                        assertSamePage(reference.list(pages.get(0)), afresh(pages.get(0)), "afresh " + pages.get(0));
                        assertSamePage(reference.list(pages.get(0)), sqlite.list(pages.get(0)), "again " + visits);
                        visits++;
                    }
                    assertEquals(built + 1, files.snapshots.built(), "one snapshot, " + criteria + " " + sort);
                    for (FileFilter page : pages) {
                        assertSamePage(reference.list(page), afresh(page), "afresh " + page);
                        assertSamePage(reference.list(page), sqlite.list(page), "from it " + page);
                    }
                    assertEquals(built + 1, files.snapshots.built(), "the same snapshot, " + criteria + " " + sort);
                    assertTrue(files.snapshots.used() >= used + 3, "the snapshot served the later pages");
                }
            }
            FileCriteria shows = new FileCriteria("Show", null, null, null, null, null, null);
            long size = reference.list(new FileFilter(shows, FileSort.NEWEST_FIRST, new Paging(1, 0, true))).total();
            int offset = (int) (size - size / 4);
            FileFilter late = new FileFilter(shows, FileSort.NEWEST_FIRST, new Paging(3, offset));
            long built = files.snapshots.built();
            long visits = visitsToReach(size, size - offset - 3); // each skips the rows after the page
            for (int visit = 0; visit < visits; visit++) sqlite.list(late);
            assertEquals(built + 1, files.snapshots.built(), "a snapshot before the write");
            CachedFile file = reference.findById(new FileId("f002")).orElseThrow(); // a movie becomes a show
            file = CachedFileFixtures.aFile("f002").path("tv/Show moved.mkv").cachedAt(file.cachedAt())
                    .size(file.sizeBytes()).operation(file.triggeredByOperation()).status(file.status()).build();
            sqlite.save(file);
            reference.save(file);
            size++;
            visits = visitsToReach(size, size - offset - 3);
            for (int visit = 1; visit < visits; visit++) {
                assertSamePage(reference.list(late), sqlite.list(late), "after a write, " + visit);
            }
            assertEquals(built + 1, files.snapshots.built(), "after a write, the skips counted anew: no snapshot yet");
            assertSamePage(reference.list(late), sqlite.list(late), "after a write, the last visit");
            assertEquals(built + 2, files.snapshots.built(), "the visit whose skip reaches the size: a new snapshot");
        } finally {
            SqliteCachedFiles.snapshotFrom = 5_000;
        }
    }

    /** How many visits of a page that skips {@code skip} rows bring the rows skipped to {@code size}. */
    private static long visitsToReach(long size, long skip) {
        return (size + skip - 1) / skip;
    }

    /**
     * Free-text searches of every type (path, file name, user, operation, all of them; texts in several places at
     * once, one and two characters, none), every page size, with and without removed files, bounded and exact: asked
     * twice, the second answer takes its total from the first, and both are the reference's and the one counted
     * afresh.
     */
    @Test
    void searchTotalsAreKeptWithTheSameAnswers() {
        int compared = 0;
        for (String text : List.of("ovie", "Show 7", "an", "e", "ann", "dee", "1", "deck", "watch", "zzz")) {
            for (SearchType type : SearchType.values()) {
                for (boolean removed : List.of(false, true)) {
                    for (int limit : List.of(1, 7, 500)) {
                        for (boolean exact : List.of(false, true)) {
                            SearchQuery query = new SearchQuery(text, type, limit, removed, exact);
                            SearchResult fresh = searchedAfresh(query);
                            assertSameResult(reference.search(query), fresh, query.toString());
                            assertSameResult(fresh, sqlite.search(query), "first: " + query);
                            assertSameResult(fresh, sqlite.search(query), "again: " + query);
                            compared++;
                        }
                    }
                }
            }
        }
        // a search whose text no place holds counts nothing: the others' second answers reuse their totals, and
        // read their page from a snapshot
        assertTrue(files.searchTotals.reused() > compared / 2, "second answers reused a total: "
                + files.searchTotals.reused() + " of " + compared);
        assertTrue(files.snapshots.used() > compared / 2, "pages from snapshots: " + files.snapshots.used());
    }

    /**
     * After every kind of write — a status, an attribution added or removed, a new path, a new file, a file deleted,
     * and (by another connection) only the user a file was triggered by, which a search by user reads (schema v19) —
     * the next answer of each search is the reference's (or, for the other connection's write, the one counted
     * afresh): no total kept before a write is used after it.
     */
    @Test
    void everyWriteCountsSearchesAgain() throws Exception {
        List<SearchQuery> queries = new ArrayList<>();
        for (String text : List.of("ovie", "an", "e", "dee", "1", "zed")) {
            for (SearchType type : SearchType.values()) queries.add(new SearchQuery(text, type, 5, false, true));
        }
        Random random = new Random(7);
        List<UnaryOperator<CachedFile>> changes = List.of(
                f -> f.markRemoved(CachedFileFixtures.T0.plusSeconds(5000)),
                f -> f.markActive(CachedFileFixtures.T0.plusSeconds(5000)),
                f -> f.attribute(FEW, "r", CachedFileFixtures.T0),
                f -> f.attributions().isEmpty() ? f : f.detach(f.attributions().get(0).user()),
                f -> CachedFileFixtures.aFile(f.id().value()).path("tv/Show renamed " + random.nextInt(99) + ".mkv")
                        .cachedAt(f.cachedAt()).size(f.sizeBytes()).operation(f.triggeredByOperation())
                        .status(f.status()).build());
        for (int step = 0; step < 40; step++) {
            for (int again = 0; again < 2; again++) { // the second from a snapshot, at the same books
                for (SearchQuery query : queries) {
                    assertSameResult(reference.search(query), sqlite.search(query), step + " " + query);
                }
            }
            String id = String.format("f%03d", random.nextInt(FILES));
            CachedFile file = reference.findById(new FileId(id)).orElse(null);
            int kind = random.nextInt(changes.size() + 2);
            if (kind == changes.size()) {
                file = CachedFileFixtures.aFile(String.format("n%03d", step)).path("movies/New Movie " + step + ".mkv")
                        .user(new UserId("zed"), "r", CachedFileFixtures.T0).build();
            } else if (kind == changes.size() + 1) {
                if (file != null) {
                    sqlite.delete(file.id());
                    reference.delete(file.id());
                }
                continue;
            } else if (file != null) {
                try {
                    file = changes.get(kind).apply(file);
                } catch (RuntimeException notAllowed) {
                    continue;
                }
            }
            if (file == null) continue;
            sqlite.save(file);
            reference.save(file);
        }
        SearchQuery zed = new SearchQuery("zed", SearchType.USER, 5, false, true);
        SearchQuery all = new SearchQuery("e", SearchType.ALL, 5, false, true);
        long before = sqlite.search(zed).totalFound();
        sqlite.search(all);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("books.db"));
             var statement = c.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            // a file no user is attributed to, triggered now by zed: only that column changes
            assertTrue(0 < statement.executeUpdate("UPDATE cached_files SET triggered_by_user = 'zed' WHERE id ="
                    + " (SELECT f.id FROM cached_files f WHERE f.status <> 'removed' AND f.triggered_by_user IS NULL"
                    + " AND f.file_path NOT LIKE '%e%' ORDER BY f.id LIMIT 1)")); // its count includes the triggers' rows
        }
        SearchResult after = sqlite.search(zed);
        assertSameResult(searchedAfresh(zed), after, "after the triggering user changed");
        assertEquals(before + 1, after.totalFound());
        assertSameResult(searchedAfresh(all), sqlite.search(all), "all places, after the triggering user changed");
    }

    private SearchResult searchedAfresh(SearchQuery query) {
        SqliteCachedFiles.rememberTotals = false;
        try {
            return sqlite.search(query);
        } finally {
            SqliteCachedFiles.rememberTotals = true;
        }
    }

    private static void assertSameResult(SearchResult expected, SearchResult actual, String what) {
        assertEquals(ids(expected.files()), ids(actual.files()), what);
        assertEquals(expected.totalFound(), actual.totalFound(), what);
        assertEquals(expected.totalExact(), actual.totalExact(), what);
    }

    /** Inside a read-write transaction no total is used or kept: what it sees may still be rolled back. */
    @Test
    void aReadWriteTransactionNeitherUsesNorKeepsTotals() {
        FileFilter filter = new FileFilter(combination(1 | 2 | 16, "ovie", USERS.get(0)), FileSort.NEWEST_FIRST,
                new Paging(10, 0));
        Page<CachedFile> inWrite = db.bookkeeping().transactions().inTransaction(() -> sqlite.list(filter));
        assertEquals(0, files.totals.counted());
        assertSamePage(reference.list(filter), inWrite, filter.toString());
        sqlite.list(filter);
        assertEquals(1, files.totals.counted());
        sqlite.list(filter);
        assertEquals(1, files.totals.reused());
        db.bookkeeping().transactions().inTransaction(() -> sqlite.list(filter));
        assertEquals(1, files.totals.reused());
        assertEquals(1, files.totals.counted());
    }

    /** What a kept total answers for a bound, as a count up to that bound would. */
    @Test
    void aKeptTotalAnswersABoundAsACountWould() {
        assertEquals(Total.exact(7), SelectionTotals.within(Total.exact(7), 8));
        assertEquals(new Total(6, false), SelectionTotals.within(Total.exact(7), 7));
        assertEquals(Total.exact(7), SelectionTotals.within(Total.exact(7), Long.MAX_VALUE));
        // "more than 10,000" (counted up to 10,001) answers the bounds up to 10,001, not beyond
        Total lower = new Total(10_000, false);
        assertEquals(new Total(9_999, false), SelectionTotals.within(lower, 10_000));
        assertEquals(new Total(10_000, false), SelectionTotals.within(lower, 10_001));
        assertNull(SelectionTotals.within(lower, 10_002));
        assertNull(SelectionTotals.within(lower, Long.MAX_VALUE));
        assertNull(SelectionTotals.within(null, 5));
    }

    private Page<CachedFile> afresh(FileFilter filter) {
        SqliteCachedFiles.rememberTotals = false;
        try {
            return sqlite.list(filter);
        } finally {
            SqliteCachedFiles.rememberTotals = true;
        }
    }

    /** The same files in the same order, and the same total, exact or not. */
    private static void assertSamePage(Page<CachedFile> expected, Page<CachedFile> actual, String what) {
        assertEquals(ids(expected.items()), ids(actual.items()), what);
        assertEquals(expected.total(), actual.total(), what);
        assertEquals(expected.totalExact(), actual.totalExact(), what);
    }
}
