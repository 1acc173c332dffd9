package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.MixedBooks.USERS;
import static cacherr.adapters.persistence.MixedBooks.assertSamePage;
import static cacherr.adapters.persistence.MixedBooks.ids;
import static cacherr.adapters.persistence.MixedBooks.readWithout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deep page of a filtered list in the first or last quarter of its selection (every offset from 1 is deep here,
 * 5,000 in the service) skips from the nearer end while the rows that deep pages of the selection and sort skipped at
 * the same state of the selection are fewer than its size; the visit that brings them to it reads a snapshot, and every
 * later deep page of that selection and sort is a slice of it — across writes that do not move the selection (an
 * access, another user's attribution), which the page kept per books stamp does not outlast. Each page is the
 * reference's, the page read without a snapshot and the page read from the front; after a write that moves the
 * selection (a status, the list's user's attribution, another program's write, another service's save) the next page
 * is read afresh, and the skipped rows are counted anew.
 */
class RepeatedDeepPagesTest {
    private static final FileCriteria ACTIVE = new FileCriteria(null, null, FileStatus.ACTIVE, null, null, null, null);
    private static final FileCriteria ANNS = new FileCriteria(null, USERS.get(0), null, null, null, null, null);
    private static final int LIMIT = 10;

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private SqliteCachedFiles files;
    private final CachedFiles reference = new InMemoryCachedFiles();
    private int writes;

    @BeforeEach
    void load() {
        db = MixedBooks.openFilled(dir.resolve("books.db"), reference);
        files = (SqliteCachedFiles) db.bookkeeping().files();
        SqliteCachedFiles.snapshotFrom = 1;
    }

    @AfterEach
    void close() {
        SqliteCachedFiles.snapshotFrom = 5_000;
        SqliteCachedFiles.snapshotsRepeated = true;
        db.close();
    }

    /**
     * Lists of a status, a user, an operation, a search alone and a status with a user, three sorts: a page just past
     * the 3/4 point, asked after an access each time (its first visit also taken again as the page kept at the same
     * books). The visit whose skip brings the rows skipped to the selection's size reads a snapshot, none before; after
     * another access and another user's attribution the same snapshot gives that page, a page near the front and the
     * last page. With the switch off, it is never read (nor are skips counted).
     */
    @Test
    void aDeepPageInAQuarterTakesASnapshotOnceItsSkipsReachTheSelectionAndWritesNotMovingItKeepIt() {
        int checked = 0;
        for (FileCriteria criteria : List.of(ACTIVE, ANNS,
                new FileCriteria(null, null, null, OperationType.values()[1], null, null, null),
                new FileCriteria("ovie", null, null, null, null, null, null),
                new FileCriteria(null, USERS.get(0), FileStatus.ACTIVE, null, null, null, null))) {
            for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.SIZE, false),
                    new FileSort(FileSort.Field.FILENAME, true))) {
                long size = size(criteria);
                assertTrue(size > 60, criteria + ": " + size);
                FileFilter end = page(criteria, sort, size - size / 4 + 3);
                long skip = size / 4 - 3 - LIMIT;
                long built = files.snapshots.built(), used = files.snapshots.used();
                Page<CachedFile> first = read(end);
                assertSame(first, files.list(end), "kept at the same books: " + end);
                assertEquals(built, files.snapshots.built(), "a first visit near the end: no snapshot, " + end);
                assertEquals((size + skip - 1) / skip, visitsUntilASnapshot(end, this::access),
                        "the visit whose skip reaches the selection's size: " + end);
                assertEquals(built + 1, files.snapshots.built(), end.toString());

                access();
                read(end);
                attributeAnother(criteria);
                read(end);
                read(page(criteria, sort, size / 8));
                read(page(criteria, sort, size - 5));
                assertEquals(built + 1, files.snapshots.built(), "the same snapshot throughout: " + end);
                assertEquals(used + 4, files.snapshots.used(), "it served the later pages: " + end);
                checked++;
            }
        }
        assertEquals(15, checked);

        SqliteCachedFiles.snapshotsRepeated = false;
        long size = size(ACTIVE);
        FileFilter end = page(ACTIVE, new FileSort(FileSort.Field.FILE_PATH, false), size - size / 4 + 3);
        long built = files.snapshots.built();
        for (int visit = 0; visit < 12; visit++) {
            access();
            read(end);
        }
        assertEquals(built, files.snapshots.built(), "the switch off: never a snapshot near an end");
        SqliteCachedFiles.snapshotsRepeated = true;
        long skip = size / 4 - 3 - LIMIT;
        assertEquals((size + skip - 1) / skip + 1, visitsUntilASnapshot(end, this::access),
                "on again, counted from then on: the visits with the switch off added nothing");
    }

    /**
     * The last page skips nothing from the end, nor does a page of an empty selection: however often asked, neither
     * reads the whole selection.
     */
    @Test
    void theLastPageSkipsNothingAndNeverTakesASnapshot() {
        FileCriteria nobodys = new FileCriteria(null, new UserId("nobody"), null, null, null, null, null);
        for (FileFilter page : List.of(page(ACTIVE, FileSort.NEWEST_FIRST, size(ACTIVE) - LIMIT),
                page(ANNS, new FileSort(FileSort.Field.SIZE, true), size(ANNS) - LIMIT),
                page(nobodys, FileSort.NEWEST_FIRST, 5))) {
            for (int visit = 0; visit < 30; visit++) {
                access();
                read(page);
            }
        }
        assertEquals(0, files.snapshots.built());
    }

    /**
     * A write that moves the selection — a file's status, an attribution of the list's user, another program's write
     * to the file through plain JDBC, a save by a second service on the same file — makes the next page the one read
     * afresh at the new state (the snapshot before is not used, none read at a first visit), with the write's change
     * in it; visited again after accesses, a new snapshot once the skips reach the selection's size.
     */
    @Test
    void aWriteThatMovesTheSelectionMakesTheNextDeepPageFreshThenASnapshotAgain() throws Exception {
        AnotherProgram other = new AnotherProgram(dir.resolve("books.db"));
        UserId ann = USERS.get(0);
        FileCriteria annsActive = new FileCriteria(null, ann, FileStatus.ACTIVE, null, null, null, null);
        FileFilter end = page(annsActive, FileSort.NEWEST_FIRST, size(annsActive) - size(annsActive) / 5);
        read(end);
        visitsUntilASnapshot(end, this::access);

        CachedFile shown = read(end).items().get(0);
        CachedFile orphaned = shown.markOrphaned(CachedFileFixtures.T0.plusSeconds(7_000));
        files.save(orphaned);
        reference.save(orphaned);
        assertFreshThenSnapshot(end, "a status", p -> !ids(p.items()).contains(shown.id().value()));

        CachedFile newcomer = reference.list(new FileFilter(ACTIVE, FileSort.NEWEST_FIRST, new Paging(400, 0)))
                .items().stream().filter(f -> !f.isAttributedTo(ann)).findFirst().orElseThrow()
                .attribute(ann, "r", CachedFileFixtures.T0);
        long before = size(annsActive);
        files.save(newcomer);
        reference.save(newcomer);
        assertEquals(before + 1, size(annsActive));
        assertFreshThenSnapshot(end, "an attribution of the list's user", p -> p.total() == before + 1);

        String byJdbc = read(end).items().get(1).id().value();
        other.run("UPDATE cached_files SET status = 'orphaned' WHERE id = '" + byJdbc + "'");
        reference.save(reference.findById(new FileId(byJdbc)).orElseThrow()
                .markOrphaned(CachedFileFixtures.T0.plusSeconds(7_000)));
        assertFreshThenSnapshot(end, "another program's write", p -> !ids(p.items()).contains(byJdbc));

        CachedFile bySecond = read(end).items().get(2);
        CachedFile detached = bySecond.detach(ann);
        try (SqlitePersistence second = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")))) {
            second.bookkeeping().files().save(detached);
        }
        reference.save(detached);
        assertFreshThenSnapshot(end, "another service's save",
                p -> !ids(p.items()).contains(bySecond.id().value()));
    }

    /**
     * Sorted by an access field, an access drops the snapshot: the rows skipped count only while the access counter
     * stays — else, under a steady stream of accesses, a deep page would read a snapshot that the next access drops —
     * so visits after accesses never take one, and visits after writes that move neither the selection nor the
     * accesses (other users' attributions) do, as for the other sorts.
     */
    @Test
    void anAccessSortCountsTheSkippedRowsAtOneAccessCounterOnly() {
        for (FileSort sort : List.of(new FileSort(FileSort.Field.LAST_ACCESSED, true),
                new FileSort(FileSort.Field.ACCESS_COUNT, false))) {
            long size = size(ACTIVE);
            FileFilter end = page(ACTIVE, sort, size - size / 4 + 3);
            long skip = size / 4 - 3 - LIMIT;
            long built = files.snapshots.built();
            read(end);
            for (int visit = 0; visit < 12; visit++) {
                access();
                read(end);
            }
            assertEquals(built, files.snapshots.built(), "each visit after an access counts alone: " + sort);
            assertEquals((size + skip - 1) / skip, visitsUntilASnapshot(end, () -> attributeAnother(ACTIVE)),
                    "at one access counter, the visit whose skip reaches the selection's size: " + sort);
            attributeAnother(ACTIVE);
            long used = files.snapshots.used();
            read(end);
            assertEquals(used + 1, files.snapshots.used(), "used while no access moves it: " + sort);
        }
    }

    /**
     * A search's first pages and its deep pages count their own visits: a first page asked before adds nothing to what
     * deep pages skipped, nor do deep pages make a first page's first visit read the whole selection; each takes its
     * snapshot by its own rule.
     */
    @Test
    void aSearchsFirstPagesAndDeepPagesDoNotCountEachOthersVisits() {
        FileCriteria search = new FileCriteria("ovie", null, null, null, null, null, null);
        long size = size(search);
        FileFilter front = new FileFilter(search, FileSort.NEWEST_FIRST, new Paging(LIMIT, 0));
        FileFilter end = page(search, FileSort.NEWEST_FIRST, size - size / 4 + 3);
        long skip = size / 4 - 3 - LIMIT;
        long built = files.snapshots.built();
        read(front);
        access();
        read(front);
        assertEquals(built + 1, files.snapshots.built(), "the first page asked again: a snapshot of its own");
        files.snapshots.clear();
        access();
        read(end);
        assertEquals(built + 1, files.snapshots.built(), "first pages asked before: the deep page's first visit");
        assertEquals((size + skip - 1) / skip, visitsUntilASnapshot(end, this::access), "its own skips count");

        FileCriteria other = new FileCriteria("mkv", null, null, null, null, null, null);
        FileFilter otherFront = new FileFilter(other, FileSort.NEWEST_FIRST, new Paging(LIMIT, 0));
        FileFilter otherEnd = page(other, FileSort.NEWEST_FIRST, size(other) - size(other) / 4 + 3);
        for (int visit = 0; visit < 3; visit++) {
            access();
            read(otherEnd);
        }
        assertEquals(built + 2, files.snapshots.built(), "three visits skip less than the selection");
        access();
        read(otherFront);
        assertEquals(built + 2, files.snapshots.built(), "deep pages asked before: the first page's first visit");
        access();
        read(otherFront);
        assertEquals(built + 3, files.snapshots.built(), "the first page asked again: a snapshot");
    }

    /**
     * Reads {@code end} afresh after a write that moved its selection: the change shown, no snapshot used or read;
     * then, visited after accesses, a new snapshot once its skips reach the selection's size again.
     */
    private void assertFreshThenSnapshot(FileFilter end, String write,
                                         java.util.function.Predicate<Page<CachedFile>> changed) {
        long built = files.snapshots.built(), used = files.snapshots.used();
        Page<CachedFile> fresh = read(end);
        assertTrue(changed.test(fresh), write + ": the change shown, " + ids(fresh.items()));
        assertEquals(built, files.snapshots.built(), write + ": a first visit at the new state, no snapshot");
        assertEquals(used, files.snapshots.used(), write + ": the snapshot before not used");
        assertTrue(visitsUntilASnapshot(end, this::access) > 1, write + ": the skips counted anew");
        assertEquals(ids(fresh.items()), ids(read(end).items()), write);
        assertEquals(built + 1, files.snapshots.built(), write + ": a new snapshot");
    }

    /**
     * Visits {@code filter} after {@code write} each time until a visit reads a snapshot (at most 40): how many it
     * took, this one included.
     */
    private int visitsUntilASnapshot(FileFilter filter, Runnable write) {
        long built = files.snapshots.built();
        for (int visit = 2; visit <= 40; visit++) {
            write.run();
            read(filter);
            if (files.snapshots.built() > built) {
                assertEquals(built + 1, files.snapshots.built(), filter.toString());
                return visit;
            }
        }
        throw new AssertionError("no snapshot after 40 visits: " + filter);
    }

    /**
     * The page of {@code filter} as the service reads it, checked against the reference's, the page read without a
     * snapshot and the page read from the front (without a snapshot either, and nothing kept: neither marks a visit).
     */
    private Page<CachedFile> read(FileFilter filter) {
        Page<CachedFile> page = files.list(filter);
        assertSamePage(reference.list(filter), page, filter.toString());
        Consumer<Boolean> keeping = on -> SqliteCachedFiles.keepLists = on;
        Consumer<Boolean> snapshots = on -> SqliteCachedFiles.snapshotDeepPages = on;
        Consumer<Boolean> fromTheEnd = on -> SqliteCachedFiles.mirrorDeepPages = on;
        assertSamePage(page, readWithout(files, filter, keeping, snapshots), "without a snapshot: " + filter);
        assertSamePage(page, readWithout(files, filter, keeping, snapshots, fromTheEnd), "from the front: " + filter);
        return page;
    }

    /** An access to a file (new books: the access counter moves, no selection does). */
    private void access() {
        CachedFile file = anActiveFile(writes % 3).recordAccess(CachedFileFixtures.T0.plusSeconds(10_000 + writes++));
        files.save(file);
        reference.save(file);
    }

    /** An attribution of a user {@code criteria} does not read (new books; its selection does not move). */
    private void attributeAnother(FileCriteria criteria) {
        UserId someone = new UserId("zed" + writes++);
        assertNotEquals(criteria.user(), someone);
        CachedFile file = anActiveFile(1).attribute(someone, "r", CachedFileFixtures.T0);
        files.save(file);
        reference.save(file);
    }

    private CachedFile anActiveFile(int which) {
        return reference.list(new FileFilter(ACTIVE, FileSort.NEWEST_FIRST, new Paging(3, 0))).items().get(which);
    }

    private long size(FileCriteria criteria) {
        return reference.list(new FileFilter(criteria, FileSort.NEWEST_FIRST, new Paging(1, 0, true))).total();
    }

    private static FileFilter page(FileCriteria criteria, FileSort sort, long offset) {
        return new FileFilter(criteria, sort, new Paging(LIMIT, (int) offset));
    }
}
