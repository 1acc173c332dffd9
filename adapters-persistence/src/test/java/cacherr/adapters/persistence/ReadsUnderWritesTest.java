package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.MixedBooks.FEW;
import static cacherr.adapters.persistence.MixedBooks.FILES;
import static cacherr.adapters.persistence.MixedBooks.USERS;
import static cacherr.adapters.persistence.MixedBooks.assertSamePage;
import static cacherr.adapters.persistence.MixedBooks.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.inmemory.InMemoryCachedFiles;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads between writes, as a server takes them (an access counted, a user attached or detached, a status changed, a
 * file cached or forgotten): every answer is the reference's and the one read without anything kept, in both orders,
 * from a snapshot and without; and a write drops exactly the snapshots and totals it can change (schema v20) — an
 * access only those sorted by access, one user's attribution only that user's lists and the searches that find the
 * user.
 */
class ReadsUnderWritesTest {
    private static final UserId ANN = USERS.get(0), BEN = USERS.get(1);

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
        SqliteCachedFiles.snapshotFrom = 1; // a few hundred files paged deep through snapshots
        SqliteCachedFiles.snapshotMiddleOnly = false;
        // a search asked again reaches the totals and snapshots beneath its kept answer (KeptAnswersTest keeps it)
        KeptAnswers.keep = false;
    }

    @AfterEach
    void close() {
        SqliteCachedFiles.snapshotFrom = 5_000;
        SqliteCachedFiles.snapshotMiddleOnly = true;
        SqliteCachedFiles.rememberTotals = true;
        SqliteCachedFiles.snapshotDeepPages = true;
        SqliteCachedFiles.searchSnapshots = true;
        KeptAnswers.keep = true;
        db.close();
    }

    private static FileCriteria criteria(String search, UserId user) {
        return new FileCriteria(search, user, null, null, null, null, null);
    }

    private static FileFilter deep(String search, UserId user, FileSort sort) {
        return new FileFilter(criteria(search, user), sort, new Paging(10, 20));
    }

    /**
     * Each write keeps what it cannot change and drops what it can: after an access, only the snapshot sorted by
     * access count is read again; after ben is attached to a file (or ann detached from one), only that user's list
     * and the search that finds that user; the path search, the search of another user, the list without a user and the other user's list are answered from
     * what was kept — and every answer is the reference's, so a snapshot or total kept wrongly fails here.
     */
    @Test
    void aWriteDropsOnlyTheSnapshotsAndTotalsItCanChange() {
        FileFilter movies = deep("ovie", null, FileSort.NEWEST_FIRST);
        FileFilter anns = deep(null, ANN, new FileSort(FileSort.Field.SIZE, true));
        FileFilter bens = deep(null, BEN, FileSort.NEWEST_FIRST);
        FileFilter byAccess = deep("ovie", null, new FileSort(FileSort.Field.ACCESS_COUNT, true));
        SearchQuery paths = new SearchQuery("ovie", SearchType.PATH, 5, false, true);
        SearchQuery byUser = new SearchQuery("en", SearchType.USER, 5, false, true); // ben alone
        SearchQuery byOtherUser = new SearchQuery("ci", SearchType.ALL, 5, false, true); // cid, and paths
        List<FileFilter> lists = List.of(movies, anns, bens, byAccess);
        for (int twice = 0; twice < 2; twice++) {
            lists.forEach(this::read);
            search(paths);
            search(byUser);
            search(byOtherUser);
        }
        for (FileFilter list : lists) assertEquals(false, rebuilt(list), "kept while nothing changed: " + list);

        CachedFile accessed = pick(f -> f.status() == FileStatus.ACTIVE && f.filePath().contains("ovie"));
        write(accessed.recordAccess(CachedFileFixtures.T0.plusSeconds(9_000)));
        assertEquals(false, rebuilt(movies), "an access keeps a selection not sorted by access");
        assertEquals(false, rebuilt(anns), "an access keeps a user's list");
        assertEquals(true, rebuilt(byAccess), "an access moves a file in the order by access count");
        assertEquals(false, counted(paths), "an access keeps a search's total");
        assertEquals(false, counted(byUser), "an access keeps a search by user");

        long bensBefore = reference.list(bens).total(), byUserBefore = reference.search(byUser).totalFound();
        CachedFile attached = pick(f -> f.status() == FileStatus.ACTIVE && !f.isAttributedTo(BEN)
                && f.triggeredByUser() != null && !f.triggeredByUser().equals(BEN));
        write(attached.attribute(BEN, "r", CachedFileFixtures.T0));
        assertEquals(bensBefore + 1, reference.list(bens).total(), "the write changes ben's list");
        assertEquals(true, rebuilt(bens), "ben's attribution changes ben's list");
        assertEquals(false, rebuilt(anns), "ben's attribution keeps ann's list");
        assertEquals(false, rebuilt(movies), "an attribution keeps a list without a user");
        assertEquals(false, rebuilt(byAccess), "an attribution keeps a list sorted by access without a user");
        assertEquals(false, counted(paths), "an attribution keeps a search of paths");
        assertEquals(byUserBefore + 1, reference.search(byUser).totalFound(), "the write changes the search by user");
        assertEquals(true, counted(byUser), "an attribution changes a search by user");
        assertEquals(false, counted(byOtherUser), "ben's attribution keeps a search of cid");

        long annsBefore = reference.list(anns).total();
        CachedFile detached = pick(f -> f.status() == FileStatus.ACTIVE && f.isAttributedTo(ANN)
                && f.filePath().contains("ovie"));
        write(detached.detach(ANN));
        assertEquals(annsBefore - 1, reference.list(anns).total(), "the write changes ann's list");
        assertEquals(true, rebuilt(anns), "ann's detachment changes ann's list");
        assertEquals(false, rebuilt(bens), "ann's detachment keeps ben's list");
        assertEquals(false, rebuilt(movies), "a detachment keeps a list without a user");
        assertEquals(true, counted(new SearchQuery("an", SearchType.USER, 5, false, true)),
                "a detachment changes a search by user");
    }

    /**
     * Writes of every kind between reads of lists (first and deep pages, both orders, by cache time and by last
     * access, with and without a user) and searches (by user, by path): each answer is the reference's and the one read with nothing kept
     * and no snapshot, and what was kept still serves reads while nothing they depend on changes.
     */
    @Test
    void interleavedWritesAndReadsGiveTheReferencesAnswers() {
        // as many selections as snapshots are kept (SelectionSnapshots.MAX_ENTRIES), so none is pushed out by another
        List<FileFilter> filters = new ArrayList<>();
        for (FileCriteria criteria : List.of(criteria("ovie", null), criteria(null, ANN), criteria("ovie", ANN),
                criteria(null, BEN), criteria("o", FEW))) {
            for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.CACHED_AT, false))) {
                filters.add(new FileFilter(criteria, sort, new Paging(7, 0)));
                filters.add(new FileFilter(criteria, sort, new Paging(7, 30)));
            }
        }
        filters.add(new FileFilter(criteria("ovie", null), new FileSort(FileSort.Field.LAST_ACCESSED, true),
                new Paging(7, 30)));
        List<SearchQuery> queries = List.of(new SearchQuery("en", SearchType.USER, 5, false, true),
                new SearchQuery("ovie", SearchType.PATH, 5, false, true));
        assertTrue(5 + 1 + queries.size() <= SelectionSnapshots.MAX_ENTRIES, "every snapshot is kept");
        Random random = new Random(20);
        List<UnaryOperator<CachedFile>> changes = List.of(
                f -> f.recordAccess(CachedFileFixtures.T0.plusSeconds(2_000 + random.nextInt(5_000))),
                f -> f.recordAccess(CachedFileFixtures.T0.plusSeconds(2_000 + random.nextInt(5_000))),
                f -> f.attribute(USERS.get(random.nextInt(USERS.size())), "r", CachedFileFixtures.T0),
                f -> f.attribute(FEW, "r", CachedFileFixtures.T0),
                f -> f.attributions().isEmpty() ? f : f.detach(f.attributions().get(0).user()),
                f -> f.markOrphaned(CachedFileFixtures.T0.plusSeconds(5_000)),
                f -> f.markActive(CachedFileFixtures.T0.plusSeconds(5_000)));
        long keptBefore = kept();
        for (int step = 0; step < 40; step++) {
            for (int again = 0; again < 2; again++) { // the second time at the same books: from what was kept
                for (FileFilter filter : filters) assertSamePage(reference.list(filter), read(filter), step + " " + filter);
                for (SearchQuery query : queries) {
                    assertSameResult(reference.search(query), search(query), step + " " + query);
                }
            }
            for (int w = 0; w < 1; w++) { // one write between two rounds of reads: each kind on its own
                int kind = random.nextInt(changes.size() + 1);
                CachedFile file = reference.findById(new FileId(String.format("f%03d", random.nextInt(FILES))))
                        .orElse(null);
                if (kind == changes.size()) {
                    file = CachedFileFixtures.aFile(String.format("n%02d%d", step, w))
                            .path("movies/New Movie " + step + w + ".mkv")
                            .cachedAt(CachedFileFixtures.T0.plusSeconds(random.nextInt(1_000)))
                            .user(USERS.get(random.nextInt(USERS.size())), "r", CachedFileFixtures.T0).build();
                } else if (file != null) {
                    try {
                        file = changes.get(kind).apply(file);
                    } catch (RuntimeException notAllowed) { // e.g. a removed file's access
                        continue;
                    }
                }
                if (file != null) write(file);
            }
        }
        for (FileFilter filter : filters) assertSamePage(afresh(filter), read(filter), "at the end: " + filter);
        assertTrue(kept() > keptBefore + 40L * (filters.size() + queries.size()) / 2,
                "the second reads of each step answered from what was kept: " + (kept() - keptBefore));
    }

    /**
     * Right after a write every client's next request finds nothing kept: the first reader counts, and one that asks
     * the same selection meanwhile waits and takes its number instead of counting too — a search's total as counted,
     * and a list's up to a bound.
     */
    @Test
    void readersAskingWhileOneCountsTakeItsNumber() throws Exception {
        SelectionTotals totals = new SelectionTotals();
        SelectionSnapshots.Versions books = new SelectionSnapshots.Versions(1, 0, 0);
        SelectionTotals.Known search = totals.at("a search", books);
        assertEquals(1, countsWhileAnotherCounts(search::asCounted));
        SelectionTotals.Known list = totals.at("a list", books);
        assertEquals(1, countsWhileAnotherCounts(count -> list.count(100, count)));
    }

    /**
     * Right after a write that drops a snapshot, every client's next deep page finds none: the first reader reads the
     * selection, and one that asks the same selection at the same books meanwhile waits and takes the snapshot it
     * kept instead of reading it too. At other books, or when the first kept nothing, the second reads on its own.
     */
    @Test
    void readersAskingWhileOneReadsASnapshotTakeIt() throws Exception {
        SelectionSnapshots snapshots = new SelectionSnapshots();
        SelectionSnapshots.Versions books = new SelectionSnapshots.Versions(1, 0, 0);
        int[] selection = {3, 5, 8};
        assertEquals(1, readsWhileAnotherReads(read -> snapshots.getOrRead("a list", FileSort.Field.CACHED_AT, books,
                read), selection, selection));
        assertEquals(1, snapshots.built());

        SelectionSnapshots.Versions after = new SelectionSnapshots.Versions(2, 0, 0);
        AtomicInteger again = new AtomicInteger();
        int[] changed = snapshots.getOrRead("a list", FileSort.Field.CACHED_AT, after, () -> {
            again.incrementAndGet();
            return new int[] {3, 8};
        });
        assertEquals(1, again.get(), "after a write: read again");
        assertArrayEquals(new int[] {3, 8}, changed);

        SelectionSnapshots.Versions later = new SelectionSnapshots.Versions(3, 0, 0);
        assertEquals(2, readsWhileAnotherReads(read -> snapshots.getOrRead("a search", FileSort.Field.CACHED_AT, later,
                read), null, selection), "the first kept nothing (too large): the second decides on its own");
    }

    /** How many times {@code ask} counted when a second reader asked while the first one's count was running. */
    private static int countsWhileAnotherCounts(Function<Supplier<Total>, Total> ask) throws Exception {
        return whileAnotherWorks(ask, Total.exact(7), Total.exact(7), Assertions::assertEquals);
    }

    /**
     * How many times {@code ask} read the selection when a second reader asked while the first one's read (answering
     * {@code first}) was running; the second's own read answers {@code second}. The second's answer is the first's
     * when the first kept one.
     */
    private static int readsWhileAnotherReads(Function<Supplier<int[]>, int[]> ask, int[] first, int[] second)
            throws Exception {
        return whileAnotherWorks(ask, first, second, Assertions::assertArrayEquals);
    }

    /**
     * How many times {@code ask} ran its work when a second caller asked while the first one's work (answering
     * {@code first}) was running — the second's own work answers {@code second} —, after checking (by
     * {@code same}) that the second answered the first's answer, or its own when the first's was null.
     */
    private static <T> int whileAnotherWorks(Function<Supplier<T>, T> ask, T first, T second, BiConsumer<T, T> same)
            throws Exception {
        AtomicInteger works = new AtomicInteger();
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread firstCaller = new Thread(() -> ask.apply(() -> {
            works.incrementAndGet();
            working.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return first;
        }));
        firstCaller.start();
        working.await();
        FutureTask<T> secondCaller = new FutureTask<>(() -> ask.apply(() -> {
            works.incrementAndGet();
            return second;
        }));
        Thread asking = new Thread(secondCaller);
        asking.start();
        // waits (blocked) for the first's work, or (were it working on its own) is done at once
        while (asking.getState() != Thread.State.BLOCKED && asking.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        finish.countDown();
        firstCaller.join();
        same.accept(first != null ? first : second, secondCaller.get());
        return works.get();
    }

    /**
     * A search found too large for a snapshot is not tried again after each write that moves its counters (every
     * attempt gathered and sorted all its matches), unless its exact total says it fits now; its answers stay the
     * reference's.
     */
    @Test
    void aSearchTooLargeForASnapshotIsNotTriedAgainAfterAWrite() {
        SqliteCachedFiles.searchSnapshotUpTo = 50;
        try {
            SearchQuery everyone = new SearchQuery("e", SearchType.ALL, 5, false, false); // ben, dee, and paths
            search(everyone);
            search(everyone);
            assertEquals(1, files.snapshots.tooLarge(), "asked again: tried, too large");
            CachedFile attached = pick(f -> f.status() == FileStatus.ACTIVE && !f.isAttributedTo(BEN));
            write(attached.attribute(BEN, "r", CachedFileFixtures.T0));
            search(everyone);
            search(everyone);
            assertEquals(1, files.snapshots.tooLarge(), "after a write: not tried again");

            SqliteCachedFiles.searchSnapshotUpTo = 10;
            SearchQuery few = new SearchQuery("dee", SearchType.USER, 5, false, true); // 18 files: fits when raised
            search(few);
            search(few);
            assertEquals(2, files.snapshots.tooLarge(), "more than 10 files: too large");
            SqliteCachedFiles.searchSnapshotUpTo = 100;
            write(pick(f -> f.status() == FileStatus.ACTIVE && !f.isAttributedTo(FEW)).attribute(FEW, "r",
                    CachedFileFixtures.T0));
            long built = files.snapshots.built();
            search(few);
            search(few);
            assertEquals(built + 1, files.snapshots.built(), "its exact total fits: read again, and kept");
        } finally {
            SqliteCachedFiles.searchSnapshotUpTo = 20_000;
        }
    }

    /** Totals reused and pages served from snapshots, by lists and searches. */
    private long kept() {
        return files.totals.reused() + files.searchTotals.reused() + files.snapshots.used();
    }

    /** The page read by the service, after checking it against the reference and the page read with nothing kept. */
    private Page<CachedFile> read(FileFilter filter) {
        Page<CachedFile> page = sqlite.list(filter);
        assertSamePage(reference.list(filter), page, filter.toString());
        assertSamePage(afresh(filter), page, "afresh: " + filter);
        return page;
    }

    private SearchResult search(SearchQuery query) {
        SearchResult result = sqlite.search(query);
        assertSameResult(reference.search(query), result, query.toString());
        return result;
    }

    /** Whether reading {@code filter} now read its snapshot from the books (none was kept for them). */
    private boolean rebuilt(FileFilter filter) {
        long built = files.snapshots.built();
        read(filter);
        return files.snapshots.built() > built;
    }

    /** Whether searching {@code query} now counted its total (none was kept for the books). */
    private boolean counted(SearchQuery query) {
        long counted = files.searchTotals.counted();
        search(query);
        return files.searchTotals.counted() > counted;
    }

    private CachedFile pick(Predicate<CachedFile> which) {
        for (int i = 0; i < FILES; i++) {
            CachedFile file = reference.findById(new FileId(String.format("f%03d", i))).orElseThrow();
            if (which.test(file)) return file;
        }
        throw new IllegalStateException("no such file in the books");
    }

    private void write(CachedFile file) {
        assertNotEquals(null, file);
        sqlite.save(file);
        reference.save(file);
    }

    /** The page with nothing kept: no total remembered, no snapshot read. */
    private Page<CachedFile> afresh(FileFilter filter) {
        return MixedBooks.readWithout(sqlite, filter, on -> SqliteCachedFiles.rememberTotals = on,
                on -> SqliteCachedFiles.snapshotDeepPages = on);
    }
}
