package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.persistence.fixtures.OriginalDatabase;
import cacherr.adapters.persistence.schema.Timestamps;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.file.UserId;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Page;
import cacherr.domain.query.Paging;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log's indexes end in the timestamp, not in the id (schema 13): every page of every filter must still
 * come in the API's order — newest first, entries of one timestamp by id, descending — at every offset and limit, in
 * a new database, in an adopted one and in one made before version 13; and every query of the log must stay a walk
 * of one of its indexes. The expected order is computed here from all rows read plainly, not by the SQL under test.
 */
class LogIndexesTest {
    private static final String[] LOG_INDEXES = {"idx_log_at", "idx_log_failed_at", "idx_log_id", "idx_log_path_at",
        "idx_log_type_at", "idx_log_user_at"};

    @TempDir
    Path dir;

    /** A row of the log as the reference reads it. */
    private record Row(String id, String type, String user, String path, boolean success, String at) {
    }

    /** A filter and the rows it selects. */
    private record Case(String name, LogFilter filter, Predicate<Row> selects) {
    }

    @Test
    void aNewDatabaseListsTiesByIdOnEveryPageOfEveryFilter() throws Exception {
        Path file = dir.resolve("new.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Instant base = Instant.parse("2026-03-01T10:00:00.000001Z");
            recordTies(db, List.of(base, base.plusSeconds(60), base.plusSeconds(120), base.plusSeconds(180)),
                    "/media/tv/Show/S01E01.mkv", new UserId("alice"), 15, 1);
            assertEveryPage(db, file, "/media/tv/Show/S01E01.mkv", "alice", new int[] {1, 4, 7, 50});
        }
    }

    @Test
    void anAdoptedDatabaseListsTiesByIdOnEveryPageOfEveryFilter() throws Exception {
        Path file = dir.resolve("adopted.db");
        new OriginalDatabase(30, 240, 3).writeTo(file);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            List<Row> adopted = rows(file);
            // ties with adopted entries: new ones at three of their timestamps, for their path and user
            Row sample = adopted.get(adopted.size() / 2);
            List<Instant> at = List.of(Timestamps.parse(adopted.get(10).at()), Timestamps.parse(sample.at()),
                    Timestamps.parse(adopted.get(adopted.size() - 5).at()));
            recordTies(db, at, sample.path(), new UserId(sample.user() == null ? "user03" : sample.user()), 8, 2);
            assertEveryPage(db, file, sample.path(), sample.user() == null ? "user03" : sample.user(),
                    new int[] {1, 7, 50});
        }
    }

    @Test
    void aDatabaseMadeBeforeVersion13GetsTheNewIndexesAndTheSameOrder() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        SqlitePersistence.open(PersistenceSettings.of(fresh)).close();
        Path file = dir.resolve("v12.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Instant base = Instant.parse("2026-04-01T08:00:00Z");
            recordTies(db, List.of(base, base.plusMillis(1), base.plusSeconds(5)), "/media/movies/Heat.mkv",
                    new UserId("bob"), 12, 3);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String index : new String[] {"idx_log_at", "idx_log_type_at", "idx_log_user_at", "idx_log_path_at"}) {
                s.execute("DROP INDEX " + index);
            }
            // version 12's four, as version 4 made them
            s.execute("CREATE INDEX idx_log_time ON cache_operations_log (timestamp, id)");
            s.execute("CREATE INDEX idx_log_type_time ON cache_operations_log (operation_type, timestamp, id)");
            s.execute("CREATE INDEX idx_log_user_time ON cache_operations_log (triggered_by_user, timestamp, id)");
            s.execute("CREATE INDEX idx_log_path_time ON cache_operations_log (file_path, timestamp, id)");
            s.execute("PRAGMA user_version = 12");
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            assertEquals(List.of(LOG_INDEXES), logIndexes(file));
            assertEquals(logIndexSql(fresh), logIndexSql(file), "the same indexes as a new database's");
            assertEveryPage(db, file, "/media/movies/Heat.mkv", "bob", new int[] {1, 5, 50});
        }
    }

    @Test
    void aNewAndAnAdoptedDatabaseHaveTheIndexesWithoutTheId() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        SqlitePersistence.open(PersistenceSettings.of(fresh)).close();
        Path adopted = dir.resolve("adopted.db");
        new OriginalDatabase(20, 100, 4).writeTo(adopted);
        SqlitePersistence.open(PersistenceSettings.of(adopted)).close();
        assertEquals(List.of(LOG_INDEXES), logIndexes(fresh));
        assertEquals(logIndexSql(fresh), logIndexSql(adopted));
        for (String sql : logIndexSql(fresh)) {
            assertTrue(sql.contains("UNIQUE") || !sql.contains(" id)"), sql);
        }
    }

    /** Each query of the log reads one of its indexes in order; only the ties of one timestamp are sorted. */
    @Test
    void everyQueryOfTheLogWalksAnIndex() throws Exception {
        Path file = dir.resolve("plans.db");
        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        Paging page = new Paging(50, 1000);
        String[][] expected = {
            {"idx_log_at", null},
            {"idx_log_type_at", "action"},
            {"idx_log_user_at", "user"},
            {"idx_log_path_at", "path"},
            {"idx_log_at", "since"},
            {"idx_log_failed_at", "failures"},
        };
        for (String[] shape : expected) {
            LogFilter filter = switch (String.valueOf(shape[1])) {
                case "action" -> new LogFilter(AuditAction.CACHE_ADD, null, null, null, null, null, page);
                case "user" -> new LogFilter(null, new UserId("alice"), null, null, null, null, page);
                case "path" -> new LogFilter(null, null, "/media/a.mkv", null, null, null, page);
                case "failures" -> new LogFilter(null, null, null, false, null, null, page);
                case "since" -> new LogFilter(null, null, null, null, Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-02-01T00:00:00Z"), page);
                default -> new LogFilter(null, null, null, null, null, null, page);
            };
            String index = shape[0];
            String count = "SELECT 1 FROM cache_operations_log l" + SqliteOperationJournal.where(filter).where();
            for (String sql : List.of(count, SqliteOperationJournal.edgeQuery(filter),
                    SqliteOperationJournal.newerQuery(filter))) {
                String plan = plan(file, sql);
                assertTrue(plan.contains("USING COVERING INDEX " + index), shape[1] + ": " + sql + "\n" + plan);
                assertFalse(plan.contains("TEMP B-TREE"), shape[1] + ": " + sql + "\n" + plan);
            }
            String ids = plan(file, SqliteOperationJournal.pageRowidsQuery(filter));
            assertTrue(ids.contains("USING INDEX " + index), shape[1] + ": " + ids);
            assertFalse(ids.contains("USE TEMP B-TREE FOR ORDER BY"), shape[1] + ": " + ids);
            // the page's entries read by their rowids, not sought through the id's index
            String rows = plan(file, SqliteOperationJournal.pageQuery());
            assertTrue(rows.startsWith("SEARCH l USING INTEGER PRIMARY KEY (rowid=?)"), shape[1] + ": " + rows);
            assertFalse(rows.contains("idx_log_id"), shape[1] + ": " + rows);
        }
        String prune = plan(file, SqliteOperationJournal.PRUNE);
        assertTrue(prune.contains("USING INDEX idx_log_at"), prune);
        assertFalse(prune.contains("USE TEMP B-TREE FOR ORDER BY"), prune);
    }

    /**
     * {@code perStamp} entries at each of {@code at}, ids in random order, over two actions, with and without the
     * user, on the path and on another, succeeding and failing.
     */
    private static void recordTies(SqlitePersistence db, List<Instant> at, String path, UserId user, int perStamp,
                                   long seed) {
        Random random = new Random(seed);
        for (Instant instant : at) {
            for (int i = 0; i < perStamp; i++) {
                String id = new UUID(random.nextLong(), random.nextLong()).toString();
                AuditAction action = i % 3 == 0 ? AuditAction.CACHE_REMOVE : AuditAction.CACHE_ADD;
                db.bookkeeping().journal().record(new AuditEntry(id, action, i % 4 == 1 ? "/elsewhere/x.mkv" : path,
                        "api", i % 2 == 0 ? user : null, "tie " + i, i % 5 != 2, i % 5 == 2 ? "failed" : null, null,
                        instant));
            }
        }
    }

    /** Every page at every offset (and one past the end) of each filter equals the reference's slice. */
    private static void assertEveryPage(SqlitePersistence db, Path file, String path, String user, int[] limits)
            throws Exception {
        List<Row> all = rows(file);
        Instant since = Timestamps.parse(all.get(all.size() / 4).at());
        Instant until = Timestamps.parse(all.get(all.size() * 3 / 4).at());
        List<Case> cases = List.of(
                new Case("all", filter(null, null, null, null, null, null), r -> true),
                new Case("action", filter(AuditAction.CACHE_ADD, null, null, null, null, null),
                        r -> r.type().equals("cache_add")),
                new Case("user", filter(null, new UserId(user), null, null, null, null), r -> user.equals(r.user())),
                new Case("path", filter(null, null, path, null, null, null), r -> r.path().equals(path)),
                new Case("failures", filter(null, null, null, false, null, null), r -> !r.success()),
                new Case("since/until", filter(null, null, null, null, since, until),
                        r -> r.at().compareTo(Timestamps.format(since)) >= 0
                                && r.at().compareTo(Timestamps.format(until)) < 0),
                new Case("action and user", filter(AuditAction.CACHE_ADD, new UserId(user), null, null, null, null),
                        r -> r.type().equals("cache_add") && user.equals(r.user())),
                new Case("path and failures", filter(null, null, path, false, null, null),
                        r -> r.path().equals(path) && !r.success()));
        Comparator<Row> apiOrder = Comparator.comparing(Row::at).thenComparing(Row::id).reversed();
        for (Case c : cases) {
            List<String> expected = all.stream().filter(c.selects()).sorted(apiOrder).map(Row::id).toList();
            assertTrue(expected.size() > 1, c.name() + " selects too little to test");
            for (int limit : limits) {
                for (int offset = 0; offset <= expected.size() + 1; offset++) {
                    LogFilter f = c.filter();
                    Page<AuditEntry> page = db.bookkeeping().journal().list(new LogFilter(f.action(), f.user(),
                            f.filePath(), f.success(), f.since(), f.until(), new Paging(limit, offset, true)));
                    List<String> want = expected.subList(Math.min(offset, expected.size()),
                            Math.min(offset + limit, expected.size()));
                    assertEquals(want, page.items().stream().map(AuditEntry::id).toList(),
                            c.name() + ", limit " + limit + ", offset " + offset);
                    assertEquals(expected.size(), page.total(), c.name());
                }
            }
        }
    }

    private static LogFilter filter(AuditAction action, UserId user, String path, Boolean success, Instant since,
                                    Instant until) {
        return new LogFilter(action, user, path, success, since, until, Paging.FIRST);
    }

    /** Every row of the log, read plainly (no index in the way of the reference). */
    private static List<Row> rows(Path file) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, operation_type, triggered_by_user, file_path, success, timestamp"
                     + " FROM cache_operations_log NOT INDEXED")) {
            while (r.next()) {
                rows.add(new Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5) == 1,
                        r.getString(6)));
            }
        }
        return rows;
    }

    private static List<String> logIndexes(Path file) throws Exception {
        return query(file, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cache_operations_log'"
                + " ORDER BY name");
    }

    private static List<String> logIndexSql(Path file) throws Exception {
        return query(file, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cache_operations_log'"
                + " ORDER BY name");
    }

    private static List<String> query(Path file, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            while (r.next()) values.add(r.getString(1));
        }
        return values;
    }

    /** SQLite's plan for {@code sql}, parameters unbound, one step a line. */
    private static String plan(Path file, String sql) throws Exception {
        List<String> steps = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet r = c.prepareStatement("EXPLAIN QUERY PLAN " + sql).executeQuery()) {
            while (r.next()) steps.add(r.getString("detail"));
        }
        return String.join("\n", steps);
    }
}
