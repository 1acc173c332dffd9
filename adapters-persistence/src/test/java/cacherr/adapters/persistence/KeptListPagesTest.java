package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.MixedBooks.FEW;
import static cacherr.adapters.persistence.MixedBooks.USERS;
import static cacherr.adapters.persistence.MixedBooks.assertSamePage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A list page asked again at the same books is the page kept ({@link KeptAnswers}, the books' stamp of schema v23):
 * the very same object, with no statement but the stamp's read. Every filter combination, sort and paging gives the
 * same files in the same order, and the same total, with keeping on and off and read from the front or from the
 * end, with snapshots or without; and every write to a file or an attribution — the service's, another program's on
 * any column, another service's on the same file — makes the next page the one read afresh.
 */
class KeptListPagesTest {
    /** Pages of every kind: a first page, all the files, a search, users of many and few, ranges, deep, exact. */
    private static final List<FileFilter> PAGES = List.of(
            FileFilter.FIRST_PAGE,
            new FileFilter(FileCriteria.ANY, FileSort.NEWEST_FIRST, new Paging(500, 0)),
            new FileFilter(combination(1 | 4), new FileSort(FileSort.Field.SIZE, false), new Paging(7, 3)),
            new FileFilter(combination(2), new FileSort(FileSort.Field.FILENAME, true), new Paging(50, 0, true)),
            new FileFilter(MixedBooks.combination(2 | 8, "ovie", FEW), FileSort.NEWEST_FIRST, new Paging(1, 0)),
            new FileFilter(combination(16 | 32), new FileSort(FileSort.Field.LAST_ACCESSED, false), new Paging(50, 10)),
            new FileFilter(FileCriteria.ANY, FileSort.NEWEST_FIRST, new Paging(50, 350)),
            new FileFilter(new FileCriteria("1", null, null, null, null, null, null), FileSort.NEWEST_FIRST,
                    new Paging(500, 0, true)));

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private SqliteCachedFiles files;
    private final CachedFiles reference = new InMemoryCachedFiles();
    /** The statements this test's thread ran through {@link Jdbc}, in order. */
    private List<String> ran;

    @BeforeEach
    void load() {
        db = MixedBooks.openFilled(dir.resolve("books.db"), reference);
        files = (SqliteCachedFiles) db.bookkeeping().files();
        ran = StatementsRun.ofThisThread();
    }

    @AfterEach
    void close() {
        StatementsRun.stop();
        SqliteCachedFiles.keepLists = true;
        SqliteCachedFiles.rememberTotals = true;
        SqliteCachedFiles.mirrorDeepPages = true;
        SqliteCachedFiles.snapshotDeepPages = true;
        SqliteCachedFiles.snapshotFrom = 5_000;
        SqliteCachedFiles.snapshotMiddleOnly = true;
        db.close();
    }

    /**
     * Every combination of the six filters, two sorts, five pagings (a first row, a small page past the front, an
     * exact total, every file, a page near the end): read once, the page read with nothing kept from the front and
     * the reference's; asked again twice, the very same page, reading the stamp alone. Then an access (new books),
     * and the same grid from its end with every deep page read from a snapshot: each page read afresh, not the one kept
     * before (the last 16 of the first pass still kept then).
     */
    @Test
    void aPageAskedAgainAtTheSameBooksIsThePageKeptReadingTheStampAlone() {
        List<FileFilter> grid = new ArrayList<>();
        for (int mask = 0; mask < 64; mask++) {
            for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.SIZE, false))) {
                for (Paging paging : List.of(new Paging(1, 0), new Paging(7, 10), new Paging(50, 0, true),
                        new Paging(500, 0), new Paging(50, 330))) {
                    grid.add(new FileFilter(combination(mask), sort, paging));
                }
            }
        }
        Map<FileFilter, Page<CachedFile>> before = new HashMap<>();
        for (FileFilter filter : grid) before.put(filter, askedThreeTimes(filter));
        assertArrayEquals(new long[] {grid.size(), 2L * grid.size()}, files.listAnswers.counts(),
                "each read and kept once, and taken twice");

        CachedFile accessed = reference.findById(new FileId("f005")).orElseThrow().recordAccess(
                CachedFileFixtures.T0.plusSeconds(9_000));
        files.save(accessed);
        reference.save(accessed);
        SqliteCachedFiles.snapshotFrom = 1;
        SqliteCachedFiles.snapshotMiddleOnly = false;
        List<FileFilter> backwards = new ArrayList<>(grid);
        Collections.reverse(backwards); // the last pages first: 16 of them are still kept from before the access
        for (FileFilter filter : backwards) {
            assertNotSame(before.get(filter), askedThreeTimes(filter), filter.toString());
        }
        assertTrue(files.snapshots.used() + files.snapshots.built() > 0, "deep pages came from snapshots");
    }

    /**
     * {@code filter}'s page asked three times: the first read (its statements after the stamp's) and equal to the page
     * read afresh and to the reference's; the second and third the same object, after the stamp's statement alone.
     */
    private Page<CachedFile> askedThreeTimes(FileFilter filter) {
        ran.clear();
        Page<CachedFile> first = files.list(filter);
        assertEquals(KeptAnswers.STAMP, ran.get(0), filter.toString());
        assertTrue(ran.size() > 1, "read: " + filter + " " + ran);
        assertEquals(afresh(filter), first, filter.toString());
        assertSamePage(reference.list(filter), first, filter.toString());
        for (String time : List.of("again", "a third time")) {
            ran.clear();
            assertSame(first, files.list(filter), time + ": " + filter);
            assertEquals(List.of(KeptAnswers.STAMP), ran, time + ": " + filter);
        }
        return first;
    }

    /**
     * Each write of the service — an access, an attribution, a new reason, a detachment, a status, a new placement,
     * the same file saved again, new metadata and a cached path — and a file inserted and deleted: the next page of
     * each kind is read afresh (the reference's), then kept again.
     */
    @Test
    void everyWriteOfTheServiceMakesTheNextPagesReadAfresh() throws Exception {
        String id = new AnotherProgram(dir.resolve("books.db")).text("SELECT min(id) FROM cached_files"
                + " WHERE status = 'active' AND file_path LIKE '%ovie%'"
                + " AND id IN (SELECT cached_file_id FROM cached_file_users WHERE user_id = 'ann')");
        for (Map.Entry<String, UnaryOperator<CachedFile>> write : KeptAnswersTest.serviceWrites().entrySet()) {
            List<Page<CachedFile>> before = askedTwice();
            long stamp = booksStamp();
            CachedFile file = write.getValue().apply(files.findById(new FileId(id)).orElseThrow());
            files.save(file);
            reference.save(file);
            assertNotEquals(stamp, booksStamp(), write.getKey());
            assertReadAfresh(before, write.getKey(), true);
        }
        CachedFile fresh = CachedFileFixtures.aFile("n001").path("movies/New Movie 1.mkv").user(USERS.get(0), "r",
                CachedFileFixtures.T0).cachedAt(CachedFileFixtures.T0.plusSeconds(5_000)).build();
        List<Page<CachedFile>> before = askedTwice();
        files.save(fresh);
        reference.save(fresh);
        assertReadAfresh(before, "an insert", true);
        before = askedTwice();
        assertTrue(files.delete(fresh.id()));
        assertTrue(reference.delete(fresh.id()));
        assertReadAfresh(before, "a delete", true);
    }

    /**
     * Another program's writes (each of the 18 columns of a shown file's row alone, an attribution inserted, given a
     * new reason and time, deleted, a file deleted), and a save by a second service on the same file: each makes the
     * next page of each kind the one read afresh.
     */
    @Test
    void everyWriteOfAnotherProgramOrServiceMakesTheNextPagesReadAfresh() throws Exception {
        AnotherProgram other = new AnotherProgram(dir.resolve("books.db"));
        for (String write : KeptAnswersTest.anotherProgramsWrites(other)) {
            List<Page<CachedFile>> before = askedTwice();
            other.run(write);
            assertReadAfresh(before, write, false);
        }
        List<Page<CachedFile>> before = askedTwice();
        CachedFile shown = active(before.get(0));
        try (SqlitePersistence second = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")))) {
            second.bookkeeping().files().save(shown.attribute(new UserId("fay"), "another service",
                    CachedFileFixtures.T0));
        }
        assertReadAfresh(before, "a save by another service", false);
        assertTrue(files.list(PAGES.get(0)).items().stream().anyMatch(f -> f.id().equals(shown.id())
                && f.isAttributedTo(new UserId("fay"))), "shown attributed");
    }

    /** The first file of {@code page} that is not removed (a removed one takes no attribution). */
    private static CachedFile active(Page<CachedFile> page) {
        return page.items().stream().filter(f -> f.status() != FileStatus.REMOVED).findFirst().orElseThrow();
    }

    /**
     * A read-write transaction neither takes nor keeps a page: it may see its own change, which a rollback takes back.
     * After the rollback, the page kept before is the one shown.
     */
    @Test
    void aReadWriteTransactionNeitherTakesNorKeepsPages() {
        FileFilter filter = PAGES.get(0);
        Page<CachedFile> kept = files.list(filter);
        CachedFile file = active(kept);
        CachedFile attributed = file.attribute(new UserId("eve"), "rolled back", CachedFileFixtures.T0);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> db.bookkeeping()
                .transactions().inTransaction(() -> {
                    files.save(attributed);
                    Page<CachedFile> inside = files.list(filter);
                    assertNotSame(kept, inside, "not taken inside a write");
                    assertTrue(inside.items().stream().anyMatch(f -> f.id().equals(file.id())
                            && f.isAttributedTo(new UserId("eve"))), "its own change seen");
                    throw new IllegalStateException("rolled back");
                }));
        assertEquals("rolled back", thrown.getMessage());
        assertArrayEquals(new long[] {1, 0}, files.listAnswers.counts(), "nothing kept or taken inside it");
        assertSame(kept, files.list(filter), "the books as they were: the page kept before");
        assertEquals(afresh(filter), kept);
    }

    /** Each page asked twice: the page kept, then taken. */
    private List<Page<CachedFile>> askedTwice() {
        List<Page<CachedFile>> kept = new ArrayList<>();
        for (FileFilter filter : PAGES) {
            Page<CachedFile> first = files.list(filter);
            assertSame(first, files.list(filter), filter.toString());
            kept.add(first);
        }
        return kept;
    }

    /**
     * Each page's next answer read afresh: not the one kept before the write, the page read with nothing kept (and the
     * reference's when it saw the write too), then kept again.
     */
    private void assertReadAfresh(List<Page<CachedFile>> before, String write, boolean referenceToo) {
        for (int i = 0; i < PAGES.size(); i++) {
            FileFilter filter = PAGES.get(i);
            Page<CachedFile> now = files.list(filter);
            assertNotSame(before.get(i), now, write + ": read afresh, " + filter);
            assertEquals(afresh(filter), now, write + ": " + filter);
            if (referenceToo) assertSamePage(reference.list(filter), now, write + ": " + filter);
            assertSame(now, files.list(filter), write + ": kept again, " + filter);
        }
    }

    /** The page read with nothing kept and nothing remembered, from the front: every total counted, no snapshot. */
    private Page<CachedFile> afresh(FileFilter filter) {
        return MixedBooks.readWithout(files, filter, on -> SqliteCachedFiles.keepLists = on,
                on -> SqliteCachedFiles.rememberTotals = on, on -> SqliteCachedFiles.mirrorDeepPages = on,
                on -> SqliteCachedFiles.snapshotDeepPages = on);
    }

    private static FileCriteria combination(int mask) {
        return MixedBooks.combination(mask, "ovie", USERS.get(0));
    }

    private long booksStamp() throws Exception {
        return new AnotherProgram(dir.resolve("books.db")).number("SELECT books_stamp FROM selection_versions");
    }
}
