package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.MixedBooks.FEW;
import static cacherr.adapters.persistence.MixedBooks.FILES;
import static cacherr.adapters.persistence.MixedBooks.USERS;
import static cacherr.adapters.persistence.MixedBooks.combination;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Paging;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files read through the lean columns and the texts' bytes ({@link FileRows}) are the files read the former way —
 * every column by {@code getString} into entities, codes parsed each time — for every combination of the list's
 * filters, sorts and pages, searches, one file, exports, statistics and lookups by status, over rows as the original
 * service and hand edits leave them: other spellings of codes, blank and {@code null} metadata, times without a
 * fraction, texts outside ASCII, numbers and blobs in text columns, bytes that are no UTF-8, and rows the domain
 * refuses (the same refusal both ways).
 */
class LeanRowsTest {

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private CachedFiles files;

    @BeforeEach
    void load() throws Exception {
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        files = db.bookkeeping().files();
        MixedBooks.fill(files);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("books.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            // the original's spellings and hand edits, each on a few files
            s.execute("UPDATE cached_files SET status = ' Active ' WHERE id = 'f001'");
            s.execute("UPDATE cached_files SET cache_method = 'COPY' WHERE id IN ('f002', 'f014')");
            s.execute("UPDATE cached_files SET cache_method = 'hardlink' WHERE id = 'f003'");
            s.execute("UPDATE cached_files SET triggered_by_operation = 'Manual' WHERE id = 'f004'");
            s.execute("UPDATE cached_files SET metadata = NULL WHERE id = 'f005'");
            s.execute("UPDATE cached_files SET metadata = 'null' WHERE id = 'f006'");
            s.execute("UPDATE cached_files SET metadata = '  ' WHERE id = 'f007'");
            s.execute("UPDATE cached_files SET metadata = '' WHERE id = 'f008'");
            s.execute("UPDATE cached_files SET metadata ="
                    + " '{\"rating_key\": \"1\", \"t\": \"Caf\u00e9 \u2028 \uD83C\uDFAC \u4e2d\"}'"
                    + " WHERE id = 'f009'");
            s.execute("UPDATE cached_files SET metadata = '{\"a\":' || 7 || '}' WHERE id = 'f010'");
            s.execute("UPDATE cached_files SET triggered_by_user = 2.5 WHERE id = 'f011'"); // a REAL in a text column
            s.execute("UPDATE cached_files SET metadata = x'7b2261223a22c3a9227d' WHERE id = 'f012'"); // a BLOB
            s.execute("UPDATE cached_files SET metadata = CAST(x'7b2261223a22ff227d' AS TEXT) WHERE id = 'f013'");
            s.execute("UPDATE cached_files SET triggered_by_user = '' WHERE id = 'f015'");
            s.execute("UPDATE cached_files SET triggered_by_user = 42 WHERE id = 'f016'");
            s.execute("UPDATE cached_files SET last_accessed = '2024-03-01T10:00:00.000000Z', access_count = 3"
                    + " WHERE id = 'f017'");
            s.execute("UPDATE cached_files SET cached_at = '2024-03-01T10:00:00.500000Z' WHERE id = 'f018'");
            s.execute("UPDATE cached_files SET file_path = '/media/movies/Cin\u00e9ma \uD83C\uDFAC \u00a0\u05e9 \u4e2d.mkv'"
                    + ", original_path = '/mnt/user/Cin\u00e9ma \uD83C\uDFAC.mkv', cached_path = '/mnt/cache/\u0627.mkv'"
                    + " WHERE id = 'f019'");
            s.execute("UPDATE cached_files SET filename = '', file_size_readable = '' WHERE id = 'f020'");
            s.execute("UPDATE cached_file_users SET attribution_reason = 'r \u00e9\uD83C\uDFAC'"
                    + " WHERE cached_file_id = 'f021'");
            s.execute("UPDATE cached_file_users SET added_at = '1999-03-01T10:00:00.000000Z'"
                    + " WHERE cached_file_id = 'f022'");
        }
        SqliteCachedFiles.keepLists = false; // a page read again takes its files by their bytes, not the page kept
    }

    @AfterEach
    void close() {
        FileRows.lean = true;
        SqliteCachedFiles.keepLists = true;
        db.close();
    }

    @Test
    void everyListPageIsTheFormerOne() {
        int compared = 0;
        List<FileSort> sorts = new ArrayList<>();
        for (FileSort.Field field : FileSort.Field.values()) {
            sorts.add(new FileSort(field, true));
            sorts.add(new FileSort(field, false));
        }
        for (int mask = 0; mask < 64; mask++) {
            for (String search : List.of("ovie", "o", "Cin\u00e9ma")) {
                for (UserId user : List.of(USERS.get(0), FEW)) {
                    if ((mask & 1) == 0 && !search.equals("ovie") || (mask & 2) == 0 && user == FEW) continue;
                    FileCriteria criteria = combination(mask, search, user);
                    for (FileSort sort : mask % 9 == 0 ? sorts : List.of(FileSort.NEWEST_FIRST, sorts.get(3))) {
                        for (Paging paging : List.of(new Paging(50, 0), new Paging(7, 3), new Paging(50, FILES - 30),
                                new Paging(5, 0, true))) {
                            FileFilter filter = new FileFilter(criteria, sort, paging);
                            assertAsBefore(() -> files.list(filter), filter.toString());
                            compared++;
                        }
                    }
                }
            }
        }
        assertTrue(compared > 1000, compared + " pages compared");
    }

    @Test
    void searchesExportsStatisticsAndLookupsAreTheFormerOnes() {
        for (SearchType type : SearchType.values()) {
            for (String text : List.of("Movie", "Show 1", "Cin\u00e9ma", "zz")) {
                assertAsBefore(() -> files.search(new SearchQuery(text, type, 50, true)), type + " " + text);
                assertAsBefore(() -> files.search(new SearchQuery(text, type, 5, false)), type + " " + text);
            }
        }
        for (int i = 0; i < 25; i++) {
            String id = String.format("f%03d", i);
            assertAsBefore(() -> files.findById(new FileId(id)), id);
            assertAsBefore(() -> files.findById(new FileId(id)).map(f -> files.findByPath(f.filePath())), id);
        }
        assertAsBefore(() -> {
            List<Object> all = new ArrayList<>();
            files.forEach(FileCriteria.ANY, FileSort.NEWEST_FIRST, all::add);
            return all;
        }, "export");
        assertAsBefore(() -> files.findByStatus(EnumSet.allOf(FileStatus.class), null, null, 1000), "by status");
        assertAsBefore(() -> files.findByStatus(EnumSet.of(FileStatus.ACTIVE), USERS.get(1), new FileId("f100"), 50),
                "by status, user");
        assertAsBefore(files::statistics, "statistics");
        for (UserId user : List.of(USERS.get(0), USERS.get(1), FEW)) {
            assertAsBefore(() -> files.userStatistics(user, CachedFileFixtures.T0.minusSeconds(10), 30), user.value());
        }
    }

    /** A page the domain refuses (a path that breaks its rules) is refused the same way both ways. */
    @Test
    void aRowTheDomainRefusesIsRefusedAsBefore() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("books.db"));
             Statement s = c.createStatement()) {
            s.execute("UPDATE cached_files SET cached_path = 'relative/x.mkv' WHERE id = 'f023'");
            s.execute("UPDATE cached_files SET cache_method = 'teleport' WHERE id = 'f024'");
            s.execute("UPDATE cached_files SET metadata = 7 WHERE id = 'f025'"); // an INTEGER in a text column
            s.execute("UPDATE cached_files SET cached_at = '2024-03-01T10:00:00Z' WHERE id = 'f027'"); // not canonical
            s.execute("UPDATE cached_file_users SET added_at = '2024-03-01 10:00' WHERE cached_file_id ="
                    + " (SELECT min(cached_file_id) FROM cached_file_users WHERE cached_file_id > 'f027')");
        }
        String withUser;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("books.db"));
             Statement s = c.createStatement();
             java.sql.ResultSet row = s.executeQuery("SELECT cached_file_id FROM cached_file_users"
                     + " WHERE added_at = '2024-03-01 10:00'")) {
            withUser = row.getString(1);
        }
        for (String id : List.of("f023", "f024", "f025", "f027", withUser)) {
            String answer = assertAsBefore(() -> files.findById(new FileId(id)), id);
            assertTrue(answer.startsWith("refused: "), answer);
        }
        assertAsBefore(() -> files.list(new FileFilter(FileCriteria.ANY, new FileSort(FileSort.Field.FILENAME, false),
                new Paging(50, 0))), "a page with both");
    }

    /**
     * A file read again from the same bytes is the file rebuilt before (the same object); any change of its row or of
     * its users' rows — a byte of its metadata or of a reason, a time, a number, a user more or less, made by another
     * connection — is rebuilt: the page is the one read the former way after every change.
     */
    @Test
    void aFileIsRebuiltWhenAnyOfItsBytesChanged() throws Exception {
        FileFilter page = new FileFilter(FileCriteria.ANY, FileSort.NEWEST_FIRST, new Paging(50, 0));
        List<CachedFile> first = files.list(page).items();
        List<CachedFile> again = files.list(page).items();
        for (int i = 0; i < first.size(); i++) assertSame(first.get(i), again.get(i), "remembered");
        String id = first.get(3).id().value();
        List<String> changes = List.of(
                "UPDATE cached_files SET metadata = '{\"k\":\"a\"}' WHERE id = '%s'",
                "UPDATE cached_files SET metadata = '{\"k\":\"b\"}' WHERE id = '%s'",
                "UPDATE cached_files SET access_count = access_count + 1 WHERE id = '%s'",
                "UPDATE cached_files SET last_accessed = '2024-03-01T10:00:00.000001Z' WHERE id = '%s'",
                "UPDATE cached_files SET status_changed_at = '2024-03-01T10:00:00.000002Z' WHERE id = '%s'",
                "UPDATE cached_files SET file_size_bytes = file_size_bytes + 1 WHERE id = '%s'",
                "UPDATE cached_files SET triggered_by_user = 'zed' WHERE id = '%s'",
                "INSERT INTO cached_file_users VALUES ('%s', 'eve', 'r', '2020-01-01T00:00:00.000000Z')",
                "UPDATE cached_file_users SET attribution_reason = 's' WHERE cached_file_id = '%s' AND user_id = 'eve'",
                "UPDATE cached_file_users SET added_at = '2030-01-01T00:00:00.000000Z' WHERE cached_file_id = '%s'"
                        + " AND user_id = 'eve'",
                "DELETE FROM cached_file_users WHERE cached_file_id = '%s' AND user_id = 'eve'");
        for (String change : changes) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("books.db"));
                 Statement s = c.createStatement()) {
                s.execute(String.format(change, id));
            }
            List<CachedFile> changed = files.list(page).items();
            assertAsBefore(() -> files.list(page), change);
            int at = MixedBooks.ids(changed).indexOf(id);
            assertTrue(at >= 0, change);
            assertNotSame(first.get(3), changed.get(at), change);
            for (int i = 0; i < changed.size(); i++) {
                if (i != at) assertSame(again.get(MixedBooks.ids(again).indexOf(changed.get(i).id().value())),
                        changed.get(i), "the others remembered");
            }
        }
    }

    /**
     * The one difference: the stored creation time is no part of a file and is no longer read, so a hand edit that
     * made it unreadable (every migration writes it canonical) no longer fails the pages showing that file.
     */
    @Test
    void anUnreadableCreationTimeNoLongerFailsAPage() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("books.db"));
             Statement s = c.createStatement()) {
            s.execute("UPDATE cached_files SET created_at = 'x' WHERE id = 'f026'");
        }
        FileRows.lean = false;
        String former = String.valueOf(outcome(() -> files.findById(new FileId("f026"))));
        FileRows.lean = true;
        assertTrue(former.startsWith("refused: java.time.format.DateTimeParseException"), former);
        assertEquals("f026", files.findById(new FileId("f026")).orElseThrow().id().value());
    }

    /**
     * The answer read the lean way equals (every field of every file: {@code CachedFile.equals}) the one read the
     * former way, or is the same refusal; returned as text.
     */
    private static String assertAsBefore(Supplier<?> read, String what) {
        FileRows.lean = false;
        Object former = outcome(read);
        FileRows.lean = true;
        Object lean = outcome(read);
        Object again = outcome(read); // the codes' spellings now remembered
        assertEquals(former, lean, what);
        assertEquals(former, again, what);
        return lean instanceof String refusal ? refusal : "answer: " + lean;
    }

    private static Object outcome(Supplier<?> read) {
        try {
            return read.get();
        } catch (RuntimeException refused) {
            return "refused: " + refused.getClass().getName() + ": " + refused.getMessage();
        }
    }
}
