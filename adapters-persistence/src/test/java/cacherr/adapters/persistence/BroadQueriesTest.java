package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    private static final List<UserId> USERS = List.of(new UserId("ann"), new UserId("ben"), new UserId("cid"));
    /** A user of few files (one in 23): a search narrowed to it is driven by its attributions. */
    private static final UserId FEW = new UserId("dee");
    private static final int FILES = 400;

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private CachedFiles sqlite;
    private final CachedFiles reference = new InMemoryCachedFiles();

    @BeforeEach
    void load() {
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        sqlite = db.bookkeeping().files();
        Random random = new Random(11);
        for (int i = 0; i < FILES; i++) {
            FileStatus status = random.nextInt(5) == 0 ? FileStatus.REMOVED
                    : random.nextInt(5) == 0 ? FileStatus.ORPHANED : FileStatus.ACTIVE;
            var builder = CachedFileFixtures.aFile(String.format("f%03d", i))
                    .path((i % 7 == 0 ? "tv/Show " : "movies/Movie ") + i + (i % 3 == 0 ? ".mkv" : ".MP4"))
                    .cachedAt(CachedFileFixtures.T0.plusSeconds(random.nextInt(1000))) // ties broken by id
                    .operation(OperationType.values()[random.nextInt(OperationType.values().length)])
                    .status(status);
            if (random.nextInt(4) > 0) builder.user(USERS.get(i % 3), "r", CachedFileFixtures.T0);
            if (random.nextInt(3) == 0) builder.user(USERS.get((i + 1) % 3), "r", CachedFileFixtures.T0);
            if (i % 23 == 0) builder.user(FEW, "r", CachedFileFixtures.T0.plusSeconds(i));
            CachedFile file = builder.build();
            sqlite.save(file);
            reference.save(file);
        }
    }

    @AfterEach
    void close() {
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

    private static List<String> ids(List<CachedFile> files) {
        return files.stream().map(f -> f.id().value()).toList();
    }
}
