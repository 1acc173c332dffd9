package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.domain.file.CachedFile;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user with more files than a bounded count reaches (the one-pass bound, 20,000): the user's files are counted
 * exactly, so the user's own order is still chosen where it reads fewer rows — at 400,000 files a user had 31,442,
 * and a first page with the user, an operation and a time range cost 159 ms of SQL in the set form instead of 1.3 ms
 * in the user's order. The pages equal a plain SQL reference and the former way's.
 */
class ManyUserFilesTest {
    private static final int MANY = 20_100;
    private static final UserId USER = new UserId("many");

    @TempDir
    Path dir;

    /** {@code MANY} files of one user, a minute apart, every 97th "ondeck" (the rest "watchlist"); 50 of another. */
    private Path books() throws SQLException {
        Path file = dir.resolve("books.db");
        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
                    INSERT INTO cached_files (id, file_path, filename, original_path, cached_path, cache_method,
                        file_size_bytes, file_size_readable, cached_at, triggered_by_user, triggered_by_operation,
                        status, status_changed_at, created_at)
                    SELECT printf('00000000-0000-4000-8000-%%012d', i), printf('/mnt/user/tv/Show %%05d.mkv', i),
                        printf('Show %%05d.mkv', i), printf('/mnt/user/tv/Show %%05d.mkv', i),
                        printf('/mnt/cache/tv/Show %%05d.mkv', i), 'atomic_copy', 1000 + i, '1 KB',
                        strftime('%%Y-%%m-%%dT%%H:%%M:%%S.000000Z', '2025-01-01', '+' || i || ' minutes'),
                        CASE WHEN i <= %d THEN 'many' ELSE 'other' END,
                        CASE WHEN i %% 97 = 0 THEN 'ondeck' ELSE 'watchlist' END, 'active',
                        strftime('%%Y-%%m-%%dT%%H:%%M:%%S.000000Z', '2025-01-01', '+' || i || ' minutes'),
                        '2025-01-01T00:00:00.000000Z'
                    FROM n
                    """.formatted(MANY + 50, MANY));
            s.executeUpdate("""
                    INSERT INTO cached_file_users (cached_file_id, user_id, attribution_reason, added_at)
                    SELECT id, triggered_by_user, 'ondeck', cached_at FROM cached_files
                    """);
            c.commit();
        }
        return file;
    }

    @Test
    void aUserOfMoreFilesThanABoundedCountReachesIsCountedExactlyAndReadInItsOwnOrder() throws SQLException {
        Path file = books();
        Instant since = Instant.parse("2025-01-03T00:00:00Z"), until = Instant.parse("2025-01-10T00:00:00Z");
        FileCriteria criteria = new FileCriteria(null, USER, null, OperationType.ONDECK, null, null, since, until);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            SqliteCachedFiles files = (SqliteCachedFiles) db.bookkeeping().files();
            Total userFiles = files.read(session -> SqliteCachedFiles.userFiles(session, criteria, null));
            assertEquals(Total.exact(MANY), userFiles, "counted exactly past the one-pass bound");

            List<String> expected = reference(file, since, until);
            assertTrue(expected.size() > 50 && expected.size() < 200, "a few matches: " + expected.size());
            FileSql sql = files.read(session -> SqliteCachedFiles.plan(session, criteria));
            sql.userFiles = userFiles;
            sql.setRows = userFiles.value(); // as the list does for a user without a search: the set gathers them all
            assertTrue(sql.userOrderPays(FileSort.NEWEST_FIRST, false, expected.size(), 0, 50),
                    "the user's own order is chosen for the first page");

            for (int offset : new int[] {0, 50, expected.size() - 10}) {
                FileFilter filter = new FileFilter(criteria, FileSort.NEWEST_FIRST, new Paging(50, offset));
                Page<CachedFile> page = db.bookkeeping().transactions().readOnly(() -> files.list(filter));
                assertEquals(expected.size(), page.total(), filter.toString());
                assertEquals(expected.subList(offset, Math.min(expected.size(), offset + 50)), ids(page.items()),
                        filter.toString());
                FileSql.userOrdered = false;
                SqliteCachedFiles.keepLists = false; // read that way, not the page kept at these books
                try {
                    assertEquals(ids(page.items()), ids(files.list(filter).items()), "the former way: " + filter);
                } finally {
                    FileSql.userOrdered = true;
                    SqliteCachedFiles.keepLists = true;
                }
            }
        }
    }

    /** The matches' ids, newest first, by plain SQL. */
    private static List<String> reference(Path file, Instant since, Instant until) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("""
                        SELECT f.id FROM cached_files f JOIN cached_file_users u ON u.cached_file_id = f.id
                        WHERE u.user_id = 'many' AND f.triggered_by_operation = 'ondeck'
                          AND f.cached_at >= '%s' AND f.cached_at <= '%s'
                        ORDER BY f.cached_at DESC, f.id DESC
                        """.formatted(since.toString().replace("Z", ".000000Z"),
                        until.toString().replace("Z", ".000000Z")))) {
            while (rows.next()) ids.add(rows.getString(1));
        }
        return ids;
    }

    private static List<String> ids(List<CachedFile> files) {
        return files.stream().map(f -> f.id().value()).toList();
    }
}
