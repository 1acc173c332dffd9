package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.MixedBooks.FEW;
import static cacherr.adapters.persistence.MixedBooks.USERS;
import static cacherr.adapters.persistence.MixedBooks.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import cacherr.domain.query.FileSort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export of a search comes from the snapshot of its ordered selection ({@link SqliteCachedFiles#forEach}): the
 * same files in the same order as exported straight from the query and as the reference's, for every combination of
 * the filters with a search, every sort and both directions; an export at the same books reads its rows alone (no
 * lookup in the trigram index), and every write that moves the selection — the service's, another program's, another
 * service's — makes the next export read it afresh.
 */
class ExportSnapshotsTest {
    private static final List<String> SEARCHES = List.of("ovie", "Show 1", "1", "12", ".mp4", "nowhere");
    /** What only a lookup of a search's text runs: the trigram index or the short one. */
    private static final List<String> LOOKUPS = List.of(FileSql.ALL_PATHS, FileSql.SHORT);

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private SqliteCachedFiles files;
    private final CachedFiles reference = new InMemoryCachedFiles();
    private List<String> ran;

    @BeforeEach
    void load() {
        db = MixedBooks.openFilled(dir.resolve("books.db"), reference);
        files = (SqliteCachedFiles) db.bookkeeping().files();
        SqliteCachedFiles.exportBatch = 7; // every export of more than 7 files in several batches, both ways
        ran = StatementsRun.ofThisThread();
    }

    @AfterEach
    void close() {
        StatementsRun.stop();
        SqliteCachedFiles.exportSnapshots = true;
        SqliteCachedFiles.exportBatch = 500;
        db.close();
    }

    /**
     * Every search above with every combination of the other five filters (a user of many files and one of few), by
     * cache time and by size; the search alone, with a user, and with every filter, by each sort field in both
     * directions: exported twice from the snapshot, once straight from the query, and by the reference — the same
     * files, in the same order, equal in every field.
     */
    @Test
    void anExportOfASearchIsTheSameFilesInTheSameOrderFromItsSnapshot() {
        List<FileSort> everySort = new ArrayList<>();
        for (FileSort.Field field : FileSort.Field.values()) {
            for (boolean descending : List.of(true, false)) everySort.add(new FileSort(field, descending));
        }
        List<FileSort> two = List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.SIZE, false));
        int exports = 0;
        for (String search : SEARCHES) {
            for (int mask = 1; mask < 64; mask += 2) {
                for (UserId user : List.of(USERS.get(0), FEW)) {
                    if ((mask & 2) == 0 && user == FEW) continue;
                    FileCriteria criteria = MixedBooks.combination(mask, search, user);
                    for (FileSort sort : mask == 1 || mask == 3 || mask == 63 ? everySort : two) {
                        assertSameExport(criteria, sort);
                        exports++;
                    }
                }
            }
        }
        assertEquals(SEARCHES.size() * (5 * everySort.size() + 43 * two.size()), exports);
        assertTrue(files.snapshots.used() > 0, "exports came from snapshots");
    }

    private void assertSameExport(FileCriteria criteria, FileSort sort) {
        String what = criteria + " " + sort;
        List<CachedFile> straight = straight(criteria, sort);
        assertEquals(straight, exported(criteria, sort), what);
        assertEquals(straight, exported(criteria, sort), "again: " + what);
        assertEquals(ids(all(reference, criteria, sort)), ids(straight), "the reference's: " + what);
    }

    /** Asked again at the same books, an export takes the snapshot and runs no lookup of its text. */
    @Test
    void anExportAtTheSameBooksReadsItsRowsAlone() {
        FileCriteria criteria = MixedBooks.combination(1 | 4, "ovie", null);
        List<CachedFile> first = exported(criteria, FileSort.NEWEST_FIRST);
        assertTrue(ran.stream().anyMatch(this::looksUp), "the first export looks its text up: " + ran);
        long used = files.snapshots.used();
        ran.clear();
        assertEquals(first, exported(criteria, FileSort.NEWEST_FIRST));
        assertEquals(used + 1, files.snapshots.used());
        assertFalse(ran.stream().anyMatch(this::looksUp), "asked again: rows alone, " + ran);
        assertTrue(first.size() > 100, "many batches' worth of rows: " + first.size());
    }

    /**
     * An access does not move a selection sorted by anything but the access fields: the next export takes the same
     * snapshot, and its rows show the new access (rows are read afresh each time).
     */
    @Test
    void anAccessKeepsTheSnapshotAndTheRowsShowIt() {
        FileCriteria criteria = MixedBooks.combination(1, "ovie", null);
        List<CachedFile> before = exported(criteria, FileSort.NEWEST_FIRST);
        CachedFile accessed = before.get(3).recordAccess(CachedFileFixtures.T0.plusSeconds(9_000));
        files.save(accessed);
        reference.save(accessed);
        long built = files.snapshots.built();
        ran.clear();
        List<CachedFile> after = exported(criteria, FileSort.NEWEST_FIRST);
        assertEquals(built, files.snapshots.built(), "the snapshot was not read again");
        assertFalse(ran.stream().anyMatch(this::looksUp), ran.toString());
        assertEquals(accessed, after.get(3));
        assertEquals(straight(criteria, FileSort.NEWEST_FIRST), after);
    }

    /**
     * Each write of the service to a file of the selection (KeptAnswersTest's: an access, attributions, a status, a
     * placement …), a file that comes to match the search, and one deleted: the next export of each is the one read
     * straight from the query and the reference's.
     */
    @Test
    void everyWriteOfTheServiceShowsInTheNextExport() throws Exception {
        String id = new AnotherProgram(dir.resolve("books.db")).text("SELECT min(id) FROM cached_files"
                + " WHERE status = 'active' AND file_path LIKE '%ovie%'"
                + " AND id IN (SELECT cached_file_id FROM cached_file_users WHERE user_id = 'ann')");
        for (Map.Entry<String, UnaryOperator<CachedFile>> write : KeptAnswersTest.serviceWrites().entrySet()) {
            exportedTwice();
            CachedFile file = write.getValue().apply(files.findById(new FileId(id)).orElseThrow());
            files.save(file);
            reference.save(file);
            assertFreshExports(write.getKey(), true);
        }
        CachedFile fresh = CachedFileFixtures.aFile("n001").path("movies/New Movie 1.mkv").user(USERS.get(0), "r",
                CachedFileFixtures.T0).cachedAt(CachedFileFixtures.T0.plusSeconds(500)).build();
        exportedTwice();
        files.save(fresh);
        reference.save(fresh);
        assertFreshExports("a file that matches", true);
        assertTrue(exported(criteria(0), FileSort.NEWEST_FIRST).stream().anyMatch(f -> f.id().equals(fresh.id())));
        exportedTwice();
        assertTrue(files.delete(fresh.id()));
        assertTrue(reference.delete(fresh.id()));
        assertFreshExports("a delete", true);
    }

    /**
     * Another program's writes (each of the 18 columns of a matching file's row, an attribution inserted, changed and
     * deleted, a file deleted) and a save by a second service on the same file: the next export is the one read
     * straight from the query.
     */
    @Test
    void everyWriteOfAnotherProgramOrServiceShowsInTheNextExport() throws Exception {
        AnotherProgram other = new AnotherProgram(dir.resolve("books.db"));
        for (String write : KeptAnswersTest.anotherProgramsWrites(other)) {
            exportedTwice();
            other.run(write);
            assertFreshExports(write, false);
        }
        exportedTwice();
        CachedFile shown = exported(criteria(0), FileSort.NEWEST_FIRST).stream()
                .filter(f -> f.status() != FileStatus.REMOVED && !f.isAttributedTo(USERS.get(0))).findFirst()
                .orElseThrow();
        try (SqlitePersistence second = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")))) {
            second.bookkeeping().files().save(shown.attribute(USERS.get(0), "another service", CachedFileFixtures.T0));
        }
        assertFreshExports("a save by another service", false);
        assertTrue(exported(criteria(1), FileSort.NEWEST_FIRST).stream().anyMatch(f -> f.id().equals(shown.id())),
                "now in ann's export");
    }

    /**
     * A read-write transaction exports straight from the query: it sees its own change, which a rollback takes back,
     * and neither takes nor keeps a snapshot.
     */
    @Test
    void aReadWriteTransactionExportsStraightFromTheQuery() {
        FileCriteria criteria = criteria(0);
        List<CachedFile> before = exported(criteria, FileSort.NEWEST_FIRST);
        long built = files.snapshots.built(), used = files.snapshots.used();
        CachedFile file = before.get(0);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> db.bookkeeping()
                .transactions().inTransaction(() -> {
                    assertTrue(files.delete(file.id()));
                    List<CachedFile> inside = exported(criteria, FileSort.NEWEST_FIRST);
                    assertFalse(inside.stream().anyMatch(f -> f.id().equals(file.id())), "its own delete seen");
                    throw new IllegalStateException("rolled back");
                }));
        assertEquals("rolled back", thrown.getMessage());
        assertEquals(built, files.snapshots.built());
        assertEquals(used, files.snapshots.used());
        assertEquals(before, exported(criteria, FileSort.NEWEST_FIRST), "the books as they were");
    }

    /** The two exports the write tests watch: a search alone, and narrowed to a user and a status. */
    private static FileCriteria criteria(int which) {
        return which == 0 ? MixedBooks.combination(1, "ovie", null) : MixedBooks.combination(1 | 2 | 4, "ovie", USERS.get(0));
    }

    private void exportedTwice() {
        for (int which = 0; which < 2; which++) {
            for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.SIZE, false))) {
                exported(criteria(which), sort);
                long used = files.snapshots.used();
                exported(criteria(which), sort);
                assertEquals(used + 1, files.snapshots.used(), "the second from the snapshot");
            }
        }
    }

    private void assertFreshExports(String write, boolean referenceToo) {
        for (int which = 0; which < 2; which++) {
            for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.SIZE, false))) {
                FileCriteria criteria = criteria(which);
                List<CachedFile> now = exported(criteria, sort);
                assertEquals(straight(criteria, sort), now, write + ": " + criteria + " " + sort);
                if (referenceToo) assertEquals(ids(all(reference, criteria, sort)), ids(now), write);
            }
        }
    }

    private boolean looksUp(String sql) {
        return LOOKUPS.stream().anyMatch(sql::contains);
    }

    private List<CachedFile> exported(FileCriteria criteria, FileSort sort) {
        return all(files, criteria, sort);
    }

    /** The export read straight from its query, as before snapshots. */
    private List<CachedFile> straight(FileCriteria criteria, FileSort sort) {
        SqliteCachedFiles.exportSnapshots = false;
        try {
            return all(files, criteria, sort);
        } finally {
            SqliteCachedFiles.exportSnapshots = true;
        }
    }

    private static List<CachedFile> all(CachedFiles store, FileCriteria criteria, FileSort sort) {
        List<CachedFile> all = new ArrayList<>();
        long count = store.forEach(criteria, sort, all::add);
        assertEquals(count, all.size());
        return all;
    }
}
