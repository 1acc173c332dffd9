package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.MixedBooks.FEW;
import static cacherr.adapters.persistence.MixedBooks.FILES;
import static cacherr.adapters.persistence.MixedBooks.USERS;
import static cacherr.adapters.persistence.MixedBooks.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.inmemory.InMemoryCachedFiles;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broad and narrow queries over a few hundred files give what the in-memory reference gives — pages and totals —
 * whichever way the adapter takes: walking the sort index with per-row checks (many matches, small pages) or
 * collecting the matches (few), and totals from counters and indexes or from a count.
 */
class BroadQueriesTest {

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private CachedFiles sqlite;
    private final CachedFiles reference = new InMemoryCachedFiles();

    @BeforeEach
    void load() {
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        sqlite = db.bookkeeping().files();
        MixedBooks.fill(sqlite, reference);
        // the ways beneath a page, compared and counted: a page asked again would be the one kept, whatever the way
        SqliteCachedFiles.keepLists = false;
    }

    @AfterEach
    void close() {
        SqliteCachedFiles.keepLists = true;
        db.close();
    }

    @Test
    void searchesGiveTheReferencePagesAndTotals() {
        int checked = 0;
        for (String text : List.of("mkv", "MP4", "movie", "show 7", "ann", "an", "e", "watch", "deck", "zzz", "1")) {
            for (SearchType type : SearchType.values()) {
                for (boolean removed : List.of(false, true)) {
                    for (int limit : List.of(1, 7, 500)) {
                        SearchQuery query = new SearchQuery(text, type, limit, removed);
                        SearchResult expected = reference.search(query);
                        SearchResult actual = sqlite.search(query);
                        assertEquals(expected.totalFound(), actual.totalFound(), query.toString());
                        assertEquals(ids(expected.files()), ids(actual.files()), query.toString());
                        if (expected.totalFound() > 100) checked++;
                    }
                }
            }
        }
        assertTrue(checked > 20, "broad searches, where the index walk is taken, were among them");
    }

    @Test
    void listsGiveTheReferencePagesAndTotals() {
        for (String search : new String[] {null, "mkv", "movie 1", "mp", "o", "show 7", "ovie"}) {
            for (UserId user : new UserId[] {null, USERS.get(0), FEW}) {
                for (FileStatus status : new FileStatus[] {null, FileStatus.ACTIVE}) {
                    for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.SIZE, false))) {
                        for (Paging paging : List.of(new Paging(1, 0), new Paging(5, 3), new Paging(50, 100),
                                new Paging(7, 10))) {
                            FileFilter filter = new FileFilter(new FileCriteria(search, user, status, null, null, null,
                                    null), sort, paging);
                            Page<CachedFile> expected = reference.list(filter);
                            Page<CachedFile> actual = sqlite.list(filter);
                            assertEquals(expected.total(), actual.total(), filter.toString());
                            assertEquals(ids(expected.items()), ids(actual.items()), filter.toString());
                        }
                    }
                }
            }
        }
    }

    /**
     * Every page of a selection whose size is known exactly — past its middle read backwards from its end — is the
     * reference's page, and the page read from the front (the former way): the same files in the same order, the
     * last partial page included, for sorts whose values tie and hold nulls (ties and nulls ordered by id).
     */
    @Test
    void deepPagesReadFromTheEndAreThePagesReadFromTheFront() {
        int mirrored = 0;
        for (FileCriteria criteria : List.of(FileCriteria.ANY,
                new FileCriteria(null, null, FileStatus.ACTIVE, null, null, null, null),
                new FileCriteria(null, USERS.get(1), null, null, null, null, null),
                new FileCriteria(null, FEW, null, null, null, null, null),
                new FileCriteria("movie", null, null, null, null, null, null),
                new FileCriteria("o", FEW, FileStatus.ACTIVE, null, null, null, null))) {
            for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.LAST_ACCESSED, false),
                    new FileSort(FileSort.Field.STATUS, true))) {
                for (int limit : List.of(3, 50)) {
                    for (int offset = 0; offset <= FILES + limit; offset += 1 + offset / 3) {
                        FileFilter filter = new FileFilter(criteria, sort, new Paging(limit, offset));
                        Page<CachedFile> expected = reference.list(filter);
                        Page<CachedFile> actual = sqlite.list(filter);
                        SqliteCachedFiles.mirrorDeepPages = false;
                        try {
                            assertEquals(ids(sqlite.list(filter).items()), ids(actual.items()), filter.toString());
                        } finally {
                            SqliteCachedFiles.mirrorDeepPages = true;
                        }
                        assertEquals(expected.total(), actual.total(), filter.toString());
                        assertEquals(ids(expected.items()), ids(actual.items()), filter.toString());
                        if (offset * 2 > expected.total() && offset < expected.total()) mirrored++;
                    }
                }
            }
        }
        assertTrue(mirrored > 50, "pages past the middle were among them: " + mirrored);
    }

    /**
     * Pages read from a snapshot of the ordered selection (every offset from 1 here, 5,000 in the service) are the
     * reference's pages and the pages read without one — every combination of the list's filters, every sort field in
     * both orders, offsets through and past the end — and their totals are exact; and with the pages kept per state of
     * the books, each is the same page, taken again as the very same object.
     */
    @Test
    void pagesFromSnapshotsAreThePagesReadWithoutThem() {
        SqliteCachedFiles files = (SqliteCachedFiles) sqlite;
        SqliteCachedFiles.snapshotFrom = 1;
        SqliteCachedFiles.snapshotMiddleOnly = false;
        try {
            int compared = 0;
            for (int mask = 1; mask < 64; mask++) {
                FileCriteria criteria = combination(mask);
                for (FileSort sort : sorts()) {
                    for (int offset : new int[] {0, 1, 7, 60, 150, 290, FILES - 3, FILES + 5}) {
                        FileFilter filter = new FileFilter(criteria, sort, new Paging(50, offset));
                        Page<CachedFile> expected = reference.list(filter);
                        Page<CachedFile> actual = sqlite.list(filter);
                        assertSamePage(expected, actual, filter.toString());
                        assertEquals(ids(withoutSnapshots(filter).items()), ids(actual.items()), filter.toString());
                        assertSamePage(actual, kept(filter), "kept: " + filter);
                        compared++;
                    }
                }
            }
            assertTrue(files.snapshots.used() > compared / 2, "most pages came from a snapshot: "
                    + files.snapshots.used() + " of " + compared);
        } finally {
            SqliteCachedFiles.snapshotFrom = 5_000;
            SqliteCachedFiles.snapshotMiddleOnly = true;
        }
    }

    /**
     * After every kind of write — a file cached, its status, path, size, cache time or operation changed, a user
     * attached or detached, an access counted (which moves only the lists sorted by access), a file deleted — a deep
     * page is the reference's again: the snapshot read before the write is not used after it, and is used again while
     * nothing changes.
     */
    @Test
    void writesInvalidateSnapshotsExactly() {
        SqliteCachedFiles files = (SqliteCachedFiles) sqlite;
        SqliteCachedFiles.snapshotFrom = 1;
        SqliteCachedFiles.snapshotMiddleOnly = false;
        try {
            List<FileFilter> filters = List.of(
                    new FileFilter(combination(1 | 4), FileSort.NEWEST_FIRST, new Paging(20, 40)),
                    new FileFilter(combination(2), new FileSort(FileSort.Field.SIZE, false), new Paging(10, 30)),
                    new FileFilter(combination(4), new FileSort(FileSort.Field.ACCESS_COUNT, true), new Paging(30, 100)),
                    new FileFilter(combination(8 | 16), new FileSort(FileSort.Field.LAST_ACCESSED, false),
                            new Paging(5, 10)),
                    new FileFilter(combination(32), new FileSort(FileSort.Field.FILE_PATH, true), new Paging(50, 50)));
            Random random = new Random(5);
            List<java.util.function.UnaryOperator<CachedFile>> changes = List.of(
                    f -> f.markRemoved(CachedFileFixtures.T0.plusSeconds(5000)),
                    f -> f.markActive(CachedFileFixtures.T0.plusSeconds(5000)),
                    f -> f.markOrphaned(CachedFileFixtures.T0.plusSeconds(5000)),
                    f -> f.recordAccess(CachedFileFixtures.T0.plusSeconds(random.nextInt(5000))),
                    f -> f.attribute(USERS.get(random.nextInt(3)), "r", CachedFileFixtures.T0),
                    f -> f.attribute(FEW, "r", CachedFileFixtures.T0),
                    f -> f.attributions().isEmpty() ? f : f.detach(f.attributions().get(0).user()));
            for (int step = 0; step < 80; step++) {
                for (FileFilter filter : filters) {
                    assertSamePage(reference.list(filter), sqlite.list(filter), step + " " + filter);
                }
                long built = files.snapshots.built();
                for (FileFilter filter : filters) sqlite.list(filter); // nothing changed: every page from a snapshot
                assertEquals(built, files.snapshots.built(), "snapshots reused while nothing changed");

                int kind = random.nextInt(changes.size() + 3);
                String id = String.format("f%03d", random.nextInt(FILES));
                CachedFile file = reference.findById(new cacherr.domain.file.FileId(id)).orElse(null);
                if (kind == changes.size()) { // a new file
                    file = CachedFileFixtures.aFile(String.format("n%03d", step)).path("movies/New " + step + ".mkv")
                            .cachedAt(CachedFileFixtures.T0.plusSeconds(random.nextInt(1000))).user(FEW, "r",
                                    CachedFileFixtures.T0).build();
                } else if (kind == changes.size() + 1 && file != null) { // a file forgotten
                    sqlite.delete(file.id());
                    reference.delete(file.id());
                    continue;
                } else if (kind == changes.size() + 2 && file != null) { // a new path, size, cache time, operation
                    file = CachedFileFixtures.aFile(id).path("tv/Moved " + step + ".mkv").size(random.nextInt(1000))
                            .cachedAt(CachedFileFixtures.T0.plusSeconds(random.nextInt(1000)))
                            .operation(OperationType.values()[random.nextInt(OperationType.values().length)])
                            .user(USERS.get(0), "r", CachedFileFixtures.T0).build();
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
            }
        } finally {
            SqliteCachedFiles.snapshotFrom = 5_000;
            SqliteCachedFiles.snapshotMiddleOnly = true;
        }
    }

    /**
     * A write by another connection (the sqlite3 shell, another process) moves the counters through the triggers: the
     * snapshot read before it is not used after it.
     */
    @Test
    void aWriteByAnotherConnectionInvalidatesSnapshots() throws Exception {
        SqliteCachedFiles.snapshotFrom = 1;
        SqliteCachedFiles.snapshotMiddleOnly = false;
        try {
            FileFilter filter = new FileFilter(combination(4), new FileSort(FileSort.Field.SIZE, true),
                    new Paging(20, 30));
            Page<CachedFile> before = sqlite.list(filter);
            assertEquals(ids(withoutSnapshots(filter).items()), ids(before.items()));
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("books.db"));
                 var statement = c.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 10000");
                statement.executeUpdate("UPDATE cached_files SET file_size_bytes = 1000000 WHERE id = '"
                        + before.items().get(5).id().value() + "'"); // now the largest: first, before this page
            }
            Page<CachedFile> after = sqlite.list(filter);
            assertEquals(ids(withoutSnapshots(filter).items()), ids(after.items()));
            assertEquals(ids(before.items()).subList(6, 20), ids(after.items()).subList(6, 20));
            assertTrue(!ids(after.items()).contains(before.items().get(5).id().value()), "it moved to the front");
            assertEquals(2, ((SqliteCachedFiles) sqlite).snapshots.built(), "read again after the write");
        } finally {
            SqliteCachedFiles.snapshotFrom = 5_000;
            SqliteCachedFiles.snapshotMiddleOnly = true;
        }
    }

    /**
     * A snapshot is read for a page in the middle half of its selection, or when its size is not known without
     * reading rows; a page in the first or last quarter of a selection the counters size is read without one (from
     * the front, or from the end) at its first visit, since a snapshot reads the whole selection. A deep page of the
     * same selection and sort asked again takes one ({@code RepeatedDeepPagesTest}): off here, so that each of these
     * pages counts as a first visit. Both give the reference's pages.
     */
    @Test
    void aSnapshotIsReadForThePagesInTheMiddle() {
        SqliteCachedFiles files = (SqliteCachedFiles) sqlite;
        SqliteCachedFiles.snapshotFrom = 1;
        SqliteCachedFiles.snapshotsRepeated = false;
        try {
            FileCriteria active = new FileCriteria(null, null, FileStatus.ACTIVE, null, null, null, null);
            long size = reference.list(FileFilter.of(active, Paging.FIRST)).total();
            FileSort bySize = new FileSort(FileSort.Field.SIZE, true);
            for (long offset : new long[] {1, size / 4 - 11, size - size / 4 - 1, size - 5}) {
                FileFilter filter = new FileFilter(active, bySize, new Paging(10, (int) offset));
                assertSamePage(reference.list(filter), sqlite.list(filter), filter.toString());
            }
            assertEquals(0, files.snapshots.built(), "front and end quarters, each visited once: no snapshot");
            FileFilter middle = new FileFilter(active, bySize, new Paging(10, (int) (size / 2)));
            assertSamePage(reference.list(middle), sqlite.list(middle), middle.toString());
            assertEquals(1, files.snapshots.built(), "the middle: a snapshot");
            FileFilter front = new FileFilter(active, bySize, new Paging(10, 1));
            assertSamePage(reference.list(front), sqlite.list(front), front.toString());
            assertEquals(1, files.snapshots.used(), "once held, it serves every page");
            FileFilter searched = new FileFilter(new FileCriteria("ovie", null, FileStatus.ACTIVE, null, null, null,
                    null), bySize, new Paging(10, 1)); // its size needs rows read: a snapshot
            assertSamePage(reference.list(searched), sqlite.list(searched), searched.toString());
            assertEquals(2, files.snapshots.built());
        } finally {
            SqliteCachedFiles.snapshotFrom = 5_000;
            SqliteCachedFiles.snapshotsRepeated = true;
        }
    }

    /** Inside a read-write transaction no snapshot is read or kept: what it sees may still be rolled back. */
    @Test
    void aReadWriteTransactionNeitherReadsNorKeepsSnapshots() {
        SqliteCachedFiles files = (SqliteCachedFiles) sqlite;
        SqliteCachedFiles.snapshotFrom = 1;
        SqliteCachedFiles.snapshotMiddleOnly = false;
        try {
            FileFilter filter = new FileFilter(combination(1), FileSort.NEWEST_FIRST, new Paging(10, 20));
            Page<CachedFile> inWrite = db.bookkeeping().transactions().inTransaction(() -> sqlite.list(filter));
            assertEquals(0, files.snapshots.built());
            assertSamePage(reference.list(filter), inWrite, filter.toString());
            sqlite.list(filter);
            assertEquals(1, files.snapshots.built());
            db.bookkeeping().transactions().inTransaction(() -> sqlite.list(filter));
            assertEquals(0, files.snapshots.used());
        } finally {
            SqliteCachedFiles.snapshotFrom = 5_000;
            SqliteCachedFiles.snapshotMiddleOnly = true;
        }
    }

    /** The list's filters selected by the bits of {@code mask}: search, user, status, operation, size, cache time. */
    /** The page of {@code filter} is the reference's, and the same with {@code way} off (the former way). */
    private void assertTheReferencesAndTheFormerWays(FileFilter filter, java.util.function.Consumer<Boolean> way) {
        Page<CachedFile> actual = sqlite.list(filter);
        assertSamePage(reference.list(filter), actual, filter.toString());
        way.accept(false);
        try {
            assertSamePage(sqlite.list(filter), actual, "former way: " + filter);
        } finally {
            way.accept(true);
        }
    }

    private static FileCriteria combination(int mask) {
        return MixedBooks.combination(mask, "ovie", USERS.get(0));
    }

    private static List<FileSort> sorts() {
        List<FileSort> sorts = new java.util.ArrayList<>();
        for (FileSort.Field field : FileSort.Field.values()) {
            sorts.add(new FileSort(field, false));
            sorts.add(new FileSort(field, true));
        }
        return sorts;
    }

    /** The page of {@code filter} with pages kept: read and kept, then taken again (the very same page). */
    private Page<CachedFile> kept(FileFilter filter) {
        SqliteCachedFiles.keepLists = true;
        try {
            Page<CachedFile> page = sqlite.list(filter);
            assertSame(page, sqlite.list(filter), "taken again: " + filter);
            return page;
        } finally {
            SqliteCachedFiles.keepLists = false;
        }
    }

    private Page<CachedFile> withoutSnapshots(FileFilter filter) {
        SqliteCachedFiles.snapshotDeepPages = false;
        try {
            return sqlite.list(filter);
        } finally {
            SqliteCachedFiles.snapshotDeepPages = true;
        }
    }

    /** The same files in the same order, and the same exact total (these selections are below the bound). */
    private static void assertSamePage(Page<CachedFile> expected, Page<CachedFile> actual, String what) {
        assertEquals(ids(expected.items()), ids(actual.items()), what);
        assertEquals(expected.total(), actual.total(), what);
        assertTrue(actual.totalExact(), what);
    }

    /**
     * A broad search narrowed to a user of few files reads the user's attributions and checks each path (issue 15:
     * the user was probed on every path the text matched); a narrow search narrowed to a user of many still reads the
     * search's matches. The plans of the count and of the page say which index drives.
     */
    @Test
    void aSearchNarrowedToAUserIsDrivenByTheSmallerSide() throws Exception {
        SqliteCachedFiles files = (SqliteCachedFiles) sqlite;
        for (String search : List.of("movie", "ovie", "o", "mo")) {
            FileSql sql = files.plan(new FileCriteria(search, FEW, FileStatus.ACTIVE, null, null, null, null));
            assertEquals(FileSql.USER_FILES, sql.driverMatches, search);
            assertTrue(plan(sql.countSelect()).get(0).contains("USING COVERING INDEX"), search + ": "
                    + plan(sql.countSelect()));
            assertTrue(plan(sql.countSelect()).get(0).contains(" u "), search + ": " + plan(sql.countSelect()));
            String page = "SELECT f.id FROM cached_files f" + sql.where() + FileSql.orderBy(FileSort.NEWEST_FIRST);
            assertTrue(plan(page).stream().anyMatch(step -> step.contains("cached_file_users")), plan(page).toString());
            assertTrue(plan(page).get(0).contains("(id=?)"), "rows read by the user's ids: " + plan(page));
        }
        FileSql narrow = files.plan(new FileCriteria("show 7", USERS.get(0), null, null, null, null, null));
        assertTrue(narrow.driverMatches.contains(FileSql.ALL_PATHS), narrow.driverMatches);
        assertTrue(plan(narrow.countSelect()).get(0).contains(FileSql.ALL_PATHS), plan(narrow.countSelect()).toString());
    }

    /**
     * A status or an operation is checked per row when the walk is taken, so a first page walks the sort index and
     * stops at the page's end; through the filter's own index SQLite read every file of it and sorted them (95,000
     * for "active" by size at 100,000 files). Sorted by cache time, the status keeps its (status, cached_at, id) index.
     */
    @Test
    void aStatusOrAnOperationIsWalkedInTheSortsOrder() throws Exception {
        FileSort bySize = new FileSort(FileSort.Field.SIZE, true);
        for (FileCriteria criteria : List.of(new FileCriteria(null, null, FileStatus.ACTIVE, null, null, null, null),
                new FileCriteria(null, null, null, OperationType.values()[1], null, null, null),
                new FileCriteria("e", null, FileStatus.ACTIVE, null, null, null, null))) {
            FileSql sql = FileSql.of(criteria);
            assertTrue(sql.hasDriver, criteria.toString());
            List<String> walk = plan("SELECT f.id FROM cached_files f" + sql.walkWhere(bySize) + FileSql.orderBy(bySize));
            assertTrue(walk.get(0).contains("idx_files_size"), criteria + ": " + walk);
            assertTrue(walk.stream().noneMatch(step -> step.contains("TEMP B-TREE")), criteria + ": " + walk);
        }
        FileSql active = FileSql.of(new FileCriteria(null, null, FileStatus.ACTIVE, null, null, null, null));
        List<String> newest = plan("SELECT f.id FROM cached_files f" + active.walkWhere(FileSort.NEWEST_FIRST)
                + FileSql.orderBy(FileSort.NEWEST_FIRST));
        assertTrue(newest.get(0).contains("idx_files_status_cached_at"), newest.toString());
        for (FileSort.Field field : FileSort.Field.values()) { // and the pages are the reference's, first and deep
            for (Paging paging : List.of(Paging.FIRST, new Paging(20, 150))) {
                FileFilter filter = new FileFilter(new FileCriteria(null, null, FileStatus.ACTIVE,
                        OperationType.values()[1], null, null, null), new FileSort(field, false), paging);
                assertSamePage(reference.list(filter), sqlite.list(filter), filter.toString());
                FileFilter status = new FileFilter(new FileCriteria(null, null, FileStatus.ORPHANED, null, null, null,
                        null), new FileSort(field, true), paging);
                assertSamePage(reference.list(status), sqlite.list(status), status.toString());
            }
        }
    }

    /**
     * Sorted by cache time, an operation keeps its own {@code (triggered_by_operation, cached_at, id)} index (schema
     * v18) in both forms: a page, however deep, reads the operation's index entries in order, where SQLite gathered
     * every file of the operation and sorted them ("ondeck" at 3/4 of 14,306 files: 16 ms of CPU, now 0.1 ms) or
     * walked the cache time's index checking each row. Every combination with an operation, both directions, pages
     * from the first to past the end: the reference's pages and totals, and those of the former way.
     */
    @Test
    void anOperationIsReadInItsOwnOrderByCacheTime() throws Exception {
        FileSql operation = FileSql.of(new FileCriteria(null, null, null, OperationType.values()[1], null, null, null));
        for (String where : List.of(operation.where(), operation.walkWhere(FileSort.NEWEST_FIRST))) {
            assertEquals(List.of("SEARCH f USING COVERING INDEX idx_files_operation_cached_at (triggered_by_operation=?)"),
                    plan("SELECT f.id FROM cached_files f" + where + FileSql.orderBy(FileSort.NEWEST_FIRST)), where);
        }
        for (int mask : new int[] {4 | 8, 1 | 8, 4 | 8 | 16 | 32}) { // with a status, a search, ranges: still in order
            String walk = FileSql.of(combination(mask)).walkWhere(FileSort.NEWEST_FIRST);
            List<String> plan = plan("SELECT f.id FROM cached_files f" + walk + FileSql.orderBy(FileSort.NEWEST_FIRST));
            assertTrue(plan.get(0).contains("cached_at"), mask + ": " + plan);
            assertTrue(plan.stream().noneMatch(step -> step.contains("TEMP B-TREE")), mask + ": " + plan);
        }
        int compared = 0;
        for (int mask = 8; mask < 64; mask++) {
            if ((mask & 8) == 0) continue;
            FileCriteria criteria = combination(mask);
            for (boolean descending : List.of(true, false)) {
                FileSort sort = new FileSort(FileSort.Field.CACHED_AT, descending);
                for (Paging paging : List.of(Paging.FIRST, new Paging(3, 2), new Paging(7, 20), new Paging(20, 35),
                        new Paging(10, 50), new Paging(50, FILES), new Paging(10, 0, true))) {
                    assertTheReferencesAndTheFormerWays(new FileFilter(criteria, sort, paging),
                            on -> FileSql.operationOrdered = on);
                    compared++;
                }
            }
        }
        assertTrue(compared >= 32 * 2 * 7, "compared " + compared);
    }

    /**
     * A size or cache-time range is a per-row check in the walk (issue 15): walked, SQLite reads the sort's index and
     * stops at the page's end, where through the range's own index it gathered and sorted every file of the range
     * (a third of 100,000 files for 5–15 GB: ~400 ms a first page); sorted by the range's own column the walk keeps
     * that index, which the range bounds. Every combination with a range, every sort both ways, first, small, deep,
     * past-the-end and exact-total pages: the reference's pages and totals, and those of the former way.
     */
    @Test
    void rangesAreWalkedInTheSortsOrderWithTheSamePages() throws Exception {
        FileCriteria size = new FileCriteria(null, null, null, null, 100L, 400L, null);
        FileCriteria time = new FileCriteria(null, null, null, null, null, null,
                CachedFileFixtures.T0.plusSeconds(200), CachedFileFixtures.T0.plusSeconds(900));
        for (FileCriteria criteria : List.of(size, time, combination(1 | 16), combination(2 | 16), combination(4 | 32))) {
            FileSql sql = FileSql.of(criteria);
            assertTrue(sql.walkable(), criteria.toString());
            List<String> walk = plan("SELECT f.id FROM cached_files f" + sql.walkWhere(FileSort.NEWEST_FIRST)
                    + FileSql.orderBy(FileSort.NEWEST_FIRST));
            assertTrue(walk.stream().noneMatch(step -> step.contains("TEMP B-TREE")), criteria + ": " + walk);
            assertTrue(walk.get(0).contains("cached_at"), criteria + ": " + walk);
        }
        FileSort bySize = new FileSort(FileSort.Field.SIZE, true);
        List<String> own = plan("SELECT f.id FROM cached_files f" + FileSql.of(size).walkWhere(bySize)
                + FileSql.orderBy(bySize));
        assertTrue(own.get(0).contains("idx_files_size (file_size_bytes>? AND file_size_bytes<?)"), own.toString());
        List<String> ownTime = plan("SELECT f.id FROM cached_files f" + FileSql.of(time).walkWhere(FileSort.NEWEST_FIRST)
                + FileSql.orderBy(FileSort.NEWEST_FIRST));
        assertTrue(ownTime.get(0).contains("cached_at>? AND cached_at<?"), ownTime.toString());
        int compared = 0;
        for (int mask = 16; mask < 64; mask++) {
            FileCriteria criteria = combination(mask);
            for (FileSort sort : sorts()) {
                for (Paging paging : List.of(Paging.FIRST, new Paging(3, 2), new Paging(20, 150), new Paging(50, FILES),
                        new Paging(10, 0, true))) {
                    assertTheReferencesAndTheFormerWays(new FileFilter(criteria, sort, paging),
                            on -> FileSql.rangesWalked = on);
                    compared++;
                }
            }
        }
        assertTrue(compared > 3000, "compared " + compared);
    }

    /**
     * A search narrowed by other filters chooses its page form by the search's own matches too (the set form gathers
     * them all before the filters narrow them: "Season" and a size range, 2,863 of 70,000 at 100,000 files, 200 ms
     * collected, ~20 ms walked): every combination of a search (three characters and one) with other filters, every
     * sort, several pages — the reference's pages and totals, and those of the former choice.
     */
    @Test
    void aNarrowedSearchWalksWhenGatheringItsMatchesCostsMore() {
        int compared = 0;
        for (int mask = 3; mask < 64; mask += 2) {
            for (String search : List.of("ovie", "o")) {
                FileCriteria base = combination(mask);
                FileCriteria criteria = new FileCriteria(search, base.user(), base.status(), base.operation(),
                        base.sizeMin(), base.sizeMax(), base.cachedSince(), base.cachedUntil());
                for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.FILENAME, false),
                        new FileSort(FileSort.Field.SIZE, true))) {
                    for (Paging paging : List.of(Paging.FIRST, new Paging(3, 2), new Paging(20, 100),
                            new Paging(10, 0, true))) {
                        FileFilter filter = new FileFilter(criteria, sort, paging);
                        Page<CachedFile> actual = sqlite.list(filter);
                        assertSamePage(reference.list(filter), actual, filter.toString());
                        SqliteCachedFiles.driverSetCosted = false;
                        try {
                            assertSamePage(sqlite.list(filter), actual, "former way: " + filter);
                        } finally {
                            SqliteCachedFiles.driverSetCosted = true;
                        }
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 700, "compared " + compared);
    }

    /**
     * Several filters together are counted in index entries (schema v14), the same totals as counting the rows: for
     * every combination of user (none, many files, few), status, operation, a size range and a cache-time range (each
     * range of one bound or two), every bound of a count, and the pages and totals of every sort at offsets through
     * and past the end, the former way (rows counted, the former choice of a user's page form), the new way and the
     * in-memory reference agree. With a user the total is counted as before; its page form is chosen anew.
     */
    @Test
    void severalFiltersAreCountedInIndexEntriesWithTheSameTotals() {
        SqliteCachedFiles files = (SqliteCachedFiles) sqlite;
        FileStatistics statistics = new FileStatistics();
        int inIndexes = 0;
        for (int mask = 0; mask < 64; mask++) {
            for (int ranges = 0; ranges < 2; ranges++) {
                int m = mask, r = ranges;
                FileCriteria criteria = new FileCriteria(null, (m & 1) != 0 ? USERS.get(0) : (m & 2) != 0 ? FEW : null,
                        (m & 4) != 0 ? (r == 0 ? FileStatus.ACTIVE : FileStatus.ORPHANED) : null,
                        (m & 8) != 0 ? OperationType.values()[r + 1] : null,
                        (m & 16) != 0 && r == 0 ? 200L : null, (m & 16) != 0 ? 400L : null,
                        (m & 32) != 0 ? CachedFileFixtures.T0.plusSeconds(r == 0 ? 300 : 0) : null,
                        (m & 32) != 0 && r == 1 ? CachedFileFixtures.T0.plusSeconds(700) : null);
                FileSql sql = FileSql.of(criteria);
                for (long bound : new long[] {1, 2, 9, 60, Long.MAX_VALUE}) {
                    Total inIndex = unitRead(session -> statistics.countInIndexes(session, criteria, bound));
                    if (inIndex == null) continue;
                    Total rows = unitRead(session -> Total.count(session, sql.countSelect(), sql.params, bound));
                    assertEquals(rows, inIndex, criteria + " up to " + bound);
                    inIndexes++;
                }
                for (FileSort sort : sorts()) {
                    for (int offset : new int[] {0, 7, 60, FILES + 5}) {
                        FileFilter filter = new FileFilter(criteria, sort, new Paging(20, offset));
                        Page<CachedFile> actual = sqlite.list(filter);
                        assertSamePage(reference.list(filter), actual, filter.toString());
                        SqliteCachedFiles.filterIndexCounts = false;
                        SqliteCachedFiles.userSetCosted = false;
                        try {
                            assertSamePage(actual, sqlite.list(filter), "the former way: " + filter);
                        } finally {
                            SqliteCachedFiles.filterIndexCounts = true;
                            SqliteCachedFiles.userSetCosted = true;
                        }
                    }
                }
            }
        }
        assertTrue(inIndexes >= 120, "the combinations without a user were counted in index entries: " + inIndexes);
    }

    /**
     * A user narrowed by other filters is collected by gathering all its files, so its page walks when that costs
     * more than the walk, whatever its matches: user07 with "ondeck" (10,013 files, 1,915 matches at 100,000 files)
     * was collected (18 ms of CPU) where the walk takes 8 ms; a user alone is still collected when few.
     */
    @Test
    void aNarrowedUserWalksWhenGatheringItsFilesCostsMore() {
        assertTrue(!FileSql.walkPays(1_915, 0, 50, 100_000, FileSql.USER_CHECK_COST), "by the matches alone: collect");
        assertTrue(FileSql.walkPays(10_013, 1_915, 0, 50, 100_000, FileSql.USER_CHECK_COST),
                "by the user's files: walk");
        assertTrue(!FileSql.walkPays(1_000, 1_000, 0, 50, 100_000, FileSql.USER_CHECK_COST), "a user of few files");
        assertEquals(FileSql.walkPays(5_000, 0, 50, 100_000, 2), FileSql.walkPays(0, 5_000, 0, 50, 100_000, 2));
    }

    /**
     * A page's rows are read by their rowids — in every form: the set form, the walk, the user's own order — not
     * sought through the id's index first (half of SQLite's time for a page of 500, docs/PERFORMANCE.md, "Seventh
     * round: 500-row pages").
     */
    @Test
    void aPageReadsItsRowsByRowid() throws Exception {
        FileSql sql = FileSql.of(new FileCriteria("e", USERS.get(0), FileStatus.ACTIVE, null, null, null, null));
        for (boolean walk : List.of(false, true)) {
            for (boolean byUser : List.of(false, true)) {
                List<String> plan = plan(FileRows.STAMPS + SqliteCachedFiles.pageQuery(sql, walk, byUser,
                        FileSort.NEWEST_FIRST));
                assertTrue(plan.get(0).startsWith("SEARCH f USING INTEGER PRIMARY KEY (rowid=?)"), plan.toString());
                assertTrue(plan.stream().noneMatch(step -> step.contains("sqlite_autoindex_cached_files_1")),
                        plan.toString());
            }
        }
    }

    /**
     * The counts of several filters without a user read index entries only: {@code idx_files_filters} sought by
     * status, operation and cache time — no row of {@code cached_files} (a plan step "USING INDEX" without
     * "COVERING" would read one).
     */
    @Test
    void severalFiltersAreCountedWithoutReadingRows() throws Exception {
        java.time.Instant since = CachedFileFixtures.T0.plusSeconds(300);
        for (int mask = 0; mask < 16; mask++) {
            FileCriteria criteria = new FileCriteria(null, null, (mask & 1) != 0 ? FileStatus.ACTIVE : null,
                    (mask & 2) != 0 ? OperationType.values()[1] : null, (mask & 4) != 0 ? 200L : null, null,
                    (mask & 8) != 0 ? since : null, null);
            java.util.Map<String, Object> params = new java.util.HashMap<>();
            List<String> plan = plan(FileSql.filterCount(criteria, List.of("active", "orphaned"),
                    List.of("manual", "ondeck"), params));
            assertEquals(1, plan.size(), plan.toString());
            assertTrue(plan.get(0).startsWith("SEARCH f USING COVERING INDEX idx_files_filters (status=? AND "
                    + "triggered_by_operation=?" + ((mask & 8) != 0 ? " AND cached_at>?)" : ")")), plan.toString());
        }
    }

    /**
     * A 1–2 character ASCII search is counted in {@code files_short} with a probe of the unusual paths' index per
     * match: the same totals and pages as counting the rows, and as the reference, with paths that fold differently
     * in the index and in a {@code LIKE} (a Kelvin sign is a k for both Java and the index, not for the LIKE; a long
     * s is an s for the index alone, so "s9" matches "ſ9" there and nowhere else; an "é" is no e), removed files
     * included or not; and its plan reads no row of a path of printable ASCII.
     */
    @Test
    void aShortAsciiSearchIsCountedInTheIndex() throws Exception {
        String[] unusual = {"movies/\u212Aelvin 99.mkv", "movies/Caf\u00e9 12.MP4", "tv/\u00c5ke 7\u00a0k.mkv",
                "movies/\u212A9.mkv", "tv/\u00e9e 99.mkv", "tv/\u017f9.mkv"};
        for (int i = 0; i < unusual.length; i++) {
            CachedFile file = CachedFileFixtures.aFile("u" + i).path(unusual[i])
                    .status(i % 2 == 0 ? FileStatus.ACTIVE : FileStatus.REMOVED).build();
            sqlite.save(file);
            reference.save(file);
        }
        int counted = 0;
        for (String text : List.of("k", "K", "ke", "99", "9", "e", "e ", "12", "\u00e9", "\u212A", "zq", "mk", "7 ",
                "\u00a0", "s", "s9")) {
            for (boolean removed : List.of(false, true)) {
                SearchQuery query = new SearchQuery(text, SearchType.PATH, 7, removed);
                SearchResult expected = reference.search(query);
                SearchResult actual = sqlite.search(query);
                assertEquals(expected.totalFound(), actual.totalFound(), query.toString());
                assertEquals(ids(expected.files()), ids(actual.files()), query.toString());
            }
            FileFilter filter = new FileFilter(new FileCriteria(text, null, null, null, null, null, null),
                    FileSort.NEWEST_FIRST, new Paging(7, 2));
            Page<CachedFile> actual = sqlite.list(filter);
            assertSamePage(reference.list(filter), actual, filter.toString());
            FileSql.asciiShortCounts = false;
            try {
                assertSamePage(actual, sqlite.list(filter), "rows counted: " + filter);
            } finally {
                FileSql.asciiShortCounts = true;
            }
            for (boolean live : List.of(false, true)) {
                Total inIndex = unitRead(session -> FileSql.shortTotal(session, text, live, Long.MAX_VALUE));
                if (inIndex == null) continue;
                FileSql rows = new FileSql();
                rows.pathContains(text, live ? FileSql.LIVE_PATHS : FileSql.ALL_PATHS);
                assertEquals(unitRead(session -> Total.count(session, rows.countSelect(), rows.params, Long.MAX_VALUE)),
                        inIndex, text + (live ? " (live)" : ""));
                counted++;
            }
        }
        assertTrue(counted >= 18, "the ASCII texts were counted in the index: " + counted);
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        FileSql.foldedContains("g.file_path", "pattern", "99", params);
        List<String> plan = plan("SELECT 1 FROM files_short WHERE files_short MATCH 'x' AND NOT EXISTS (SELECT 1 FROM"
                + " cached_files g INDEXED BY idx_files_unusual_paths WHERE g.seq = abs(files_short.rowid) AND "
                + FileSql.UNUSUAL_PATH + " AND NOT " + FileSql.foldedContains("g.file_path", "pattern", "99", params)
                + ")");
        assertEquals(3, plan.size(), plan.toString());
        assertTrue(plan.get(0).startsWith("SCAN files_short VIRTUAL TABLE"), plan.toString());
        assertTrue(plan.get(2).startsWith("SEARCH g USING INDEX idx_files_unusual_paths (seq=?"), plan.toString());
    }

    private <T> T unitRead(java.util.function.Function<org.hibernate.StatelessSession, T> work) {
        return ((SqliteCachedFiles) sqlite).read(work);
    }

    /** The steps of SQLite's plan for {@code sql} (parameters unbound), in order. */
    private List<String> plan(String sql) throws Exception {
        List<String> steps = new java.util.ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("books.db"))) {
            org.sqlite.Function.create(c, "folded_contains", new org.sqlite.Function() { // planned, never run
                @Override
                protected void xFunc() {
                }
            });
            try (var rows = c.createStatement().executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                while (rows.next()) steps.add(rows.getString(4));
            }
        }
        return steps;
    }
}
