package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each user's files in the list's order ({@code user_files}, schema v17, with each file's status, operation and size
 * since v18): the triggers keep the table equal to the attributions joined to their files whatever is written, by the
 * adapter or by another connection; and a list narrowed to a user gives the reference's pages and totals, the same as
 * without the table and as with every filter checked in the file's row.
 */
class UserFilesTest {
    private static final String KEPT = "SELECT user_id || '|' || cached_at || '|' || file_id || '|' || seq || '|'"
            + " || status || '|' || operation || '|' || file_size_bytes FROM user_files ORDER BY 1";
    private static final String DERIVED = "SELECT u.user_id || '|' || f.cached_at || '|' || f.id || '|' || f.seq"
            + " || '|' || f.status || '|' || f.triggered_by_operation || '|' || f.file_size_bytes"
            + " FROM cached_file_users u JOIN cached_files f ON f.id = u.cached_file_id ORDER BY 1";

    @TempDir
    Path dir;

    @Test
    void theTableStaysTheAttributionsJoinedToTheirFilesThroughEveryKindOfWrite() throws Exception {
        Path file = dir.resolve("books.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Twins twins = new Twins(db.bookkeeping().files());
            List<UserId> users = List.of(new UserId("ann"), new UserId("ben"), new UserId("cid"));
            List<CachedFile> files = twins.files;
            Random random = new Random(11);
            int recached = 0;
            for (int step = 0; step < 300; step++) {
                Instant now = CachedFileFixtures.T0.plusSeconds(step);
                int action = files.isEmpty() ? 0 : random.nextInt(6);
                CachedFile changed = null;
                if (action == 0) {
                    var builder = CachedFileFixtures.aFile("f" + step).size(1 + random.nextInt(1000))
                            .cachedAt(CachedFileFixtures.T0.plusSeconds(random.nextInt(50))); // ties on purpose
                    for (UserId user : users) if (random.nextBoolean()) builder.user(user, "test", now);
                    changed = builder.build();
                } else {
                    int index = random.nextInt(files.size());
                    CachedFile one = files.get(index);
                    UserId user = users.get(random.nextInt(users.size()));
                    if (action == 1 && one.status() == FileStatus.REMOVED) continue; // refused
                    switch (action) {
                        case 1 -> changed = one.isAttributedTo(user) ? one.detach(user) : one.attribute(user, "r", now);
                        case 2 -> changed = Twins.rebuilt(one, FileStatus.values()[random.nextInt(4)],
                                random.nextBoolean() ? one.sizeBytes() : 1 + random.nextInt(1000),
                                random.nextBoolean() ? one.triggeredByOperation()
                                        : OperationType.values()[random.nextInt(OperationType.values().length)],
                                one.accessCount());
                        case 3 -> {
                            // cached again: a new cache time for the same file and its attributions
                            var builder = CachedFileFixtures.aFile(one.id().value()).size(one.sizeBytes())
                                    .cachedAt(CachedFileFixtures.T0.plusSeconds(100 + step));
                            for (var attribution : one.attributions()) {
                                builder.user(attribution.user(), "test", attribution.attributedAt());
                            }
                            changed = builder.build();
                            recached++;
                        }
                        case 4, 5 -> twins.delete(index);
                        default -> throw new IllegalStateException();
                    }
                }
                if (changed != null) twins.save(changed);
                if (step % 25 == 0) assertKept(db, "after step " + step);
            }
            assertKept(db, "at the end");
            assertTrue(recached > 10, "files were cached again: " + recached);

            // another connection, as the sqlite3 shell would: an attribution moved, a time edited, a file deleted
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement statement = other.createStatement()) {
                statement.execute("PRAGMA foreign_keys = ON");
                statement.executeUpdate("UPDATE cached_file_users SET user_id = 'zed' WHERE rowid ="
                        + " (SELECT min(rowid) FROM cached_file_users)");
                statement.executeUpdate("UPDATE cached_files SET cached_at = '2030-01-01T00:00:00.000000Z'"
                        + " WHERE seq = (SELECT max(seq) FROM cached_files)");
                statement.executeUpdate("UPDATE cached_files SET status = 'orphaned', file_size_bytes = 7,"
                        + " triggered_by_operation = 'trakt' WHERE seq IN (SELECT cached_file_seq FROM (SELECT f.seq"
                        + " AS cached_file_seq FROM cached_files f JOIN cached_file_users u ON u.cached_file_id = f.id"
                        + " ORDER BY f.seq LIMIT 3))");
                statement.executeUpdate("DELETE FROM cached_files WHERE seq = (SELECT min(seq) FROM cached_files)");
            }
            assertKept(db, "after writes by another connection");
        }
    }

    @Test
    void aListNarrowedToAUserGivesTheReferencesPagesWithAndWithoutTheTable() {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")))) {
            CachedFiles sqlite = db.bookkeeping().files();
            CachedFiles reference = new cacherr.application.inmemory.InMemoryCachedFiles();
            MixedBooks.fill(sqlite, reference);
            int pages = 0;
            for (UserId user : List.of(MixedBooks.USERS.get(0), MixedBooks.USERS.get(1), MixedBooks.FEW)) {
                for (int mask = 0; mask < 64; mask++) {
                    FileCriteria criteria = new FileCriteria((mask & 1) != 0 ? "mkv" : null, user,
                            (mask & 2) != 0 ? FileStatus.ACTIVE : null,
                            (mask & 4) != 0 ? OperationType.values()[1] : null,
                            (mask & 8) != 0 ? 200L : null, null,
                            (mask & 16) != 0 ? CachedFileFixtures.T0.plusSeconds(300) : null,
                            (mask & 32) != 0 ? CachedFileFixtures.T0.plusSeconds(700) : null);
                    for (boolean descending : List.of(true, false)) {
                        FileSort sort = new FileSort(FileSort.Field.CACHED_AT, descending);
                        for (int offset : new int[] {0, 3, 20, 61, MixedBooks.FILES}) {
                            for (int limit : new int[] {1, 20}) {
                                FileFilter filter = new FileFilter(criteria, sort, new Paging(limit, offset));
                                Page<CachedFile> actual = sqlite.list(filter);
                                Page<CachedFile> expected = reference.list(filter);
                                assertEquals(expected.total(), actual.total(), filter.toString());
                                assertEquals(ids(expected.items()), ids(actual.items()), filter.toString());
                                assertTheSameWithout(on -> FileSql.userOrdered = on, sqlite, filter, actual,
                                        "without the table");
                                assertTheSameWithout(on -> FileSql.userRowsChecked = on, sqlite, filter, actual,
                                        "the filters checked in the files' rows");
                                pages++;
                            }
                        }
                    }
                }
            }
            assertTrue(pages > 1000, "pages compared: " + pages);
        }
    }

    @Test
    void theUsersOwnOrderIsTakenWhereItReadsFewerRows() {
        FileSql userAndOperation = FileSql.of(new FileCriteria(null, new UserId("user07"), null,
                OperationType.values()[1], null, null, null, null));
        userAndOperation.userFiles = Total.exact(7_864);
        userAndOperation.setRows = 7_864;
        FileSort newest = FileSort.NEWEST_FIRST;
        assertTrue(userAndOperation.userOrderPays(newest, false, 961, 0, 50), "961 of a user's 7,864: its own order");
        assertTrue(userAndOperation.userOrderPays(newest, true, 961, 0, 50), "always instead of the walk");
        assertFalse(userAndOperation.userOrderPays(newest, false, 10, 0, 50), "10 matches: the set form");
        assertFalse(userAndOperation.userOrderPays(new FileSort(FileSort.Field.SIZE, true), true, 961, 0, 50),
                "another sort: not the table's order");
        userAndOperation.userFiles = null;
        assertFalse(userAndOperation.userOrderPays(newest, false, 961, 0, 50), "the user's files not counted");
        FileSql noUser = FileSql.of(new FileCriteria(null, null, FileStatus.ACTIVE, null, null, null, null, null));
        noUser.userFiles = Total.exact(10);
        assertFalse(noUser.userOrderPays(newest, true, 961, 0, 50), "no user");
    }

    /**
     * The user's own order reads only the user's rows within a cache-time range (its primary key bounds the walk) and
     * checks each without probing the user: user07 with "active", "ondeck", a size and a time range — 95 matches, 2,621
     * of its 7,864 files in the range — was read in the set form (28,000 rows of the status in the range, 9.4 ms in
     * the shell), where its own order reads some 1,400 of its rows (1.1 ms).
     */
    @Test
    void theUsersOwnOrderCountsOnlyItsFilesWithinTheTimeRange() {
        FileCriteria criteria = new FileCriteria(null, new UserId("user07"), FileStatus.ACTIVE,
                OperationType.values()[1], 5L, 15L, CachedFileFixtures.T0, CachedFileFixtures.T0.plusSeconds(9));
        FileSql sql = FileSql.of(criteria);
        assertTrue(sql.hasTimeRange());
        assertEquals(1, sql.checkCostButUser, "the other checks are plain comparisons");
        sql.userFiles = Total.exact(7_864);
        sql.setRows = 7_864;
        FileSort newest = FileSort.NEWEST_FIRST;
        assertTrue(sql.userOrderPays(newest, false, 95, 0, 50), "4,139 rows, each checked without a probe");
        assertFalse(sql.userOrderPays(newest, false, 10, 0, 50), "10 matches: every file of the user");
        FileSql.userRangesCounted = false;
        try {
            assertFalse(sql.userOrderPays(newest, false, 95, 0, 50), "the former way: 4,139 rows at twice the cost");
        } finally {
            FileSql.userRangesCounted = true;
        }
        sql.userFilesInRange = Total.exact(2_621);
        assertTrue(sql.userOrderPays(newest, false, 95, 0, 50), "1,379 of the 2,621 rows in the range");
        assertTrue(sql.userOrderPays(newest, false, 10, 0, 50), "10 matches: the 2,621 rows in the range");
        sql.userFilesInRange = new Total(7_864, false);
        assertFalse(sql.userOrderPays(newest, false, 10, 0, 50), "a bound only: all the user's files are counted");

        FileSql withSearch = FileSql.of(new FileCriteria("Season", new UserId("user07"), null, null, null, null, null,
                null));
        assertEquals(FileSql.ASCII_PATH_CHECK_COST, withSearch.checkCostButUser, "the path is still checked per row");
        assertEquals(FileSql.USER_CHECK_COST, withSearch.checkCost);
        assertEquals("SELECT 1 FROM user_files uf WHERE uf.user_id = :user AND uf.cached_at >= :cachedSince"
                + " AND uf.cached_at <= :cachedUntil", sql.userFilesInRangeSelect());
    }

    /** The page of {@code filter} is {@code actual} with {@code way} off too. */
    private static void assertTheSameWithout(java.util.function.Consumer<Boolean> way, CachedFiles sqlite,
                                             FileFilter filter, Page<CachedFile> actual, String what) {
        way.accept(false);
        SqliteCachedFiles.keepLists = false; // read that way, not the page kept at these books
        try {
            assertEquals(ids(actual.items()), ids(sqlite.list(filter).items()), what + ": " + filter);
        } finally {
            way.accept(true);
            SqliteCachedFiles.keepLists = true;
        }
    }

    private static void assertKept(SqlitePersistence db, String when) {
        List<String> kept = db.unit().read(session -> Jdbc.list(session, KEPT, Map.of(), row -> row.getString(1)));
        List<String> derived = db.unit().read(session -> Jdbc.list(session, DERIVED, Map.of(),
                row -> row.getString(1)));
        assertEquals(derived, kept, when);
    }

    private static List<String> ids(List<CachedFile> files) {
        return files.stream().map(CachedFile::id).map(FileId::value).toList();
    }
}
