package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.persistence.fixtures.OriginalDatabase;
import cacherr.application.inmemory.InMemoryOperationJournal;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log's entries counted per day and filter (schema 16, {@code log_days}): every page of every filter and
 * combination equals the in-memory reference's, with the counts and without them (the two ways of finding a page);
 * the counts equal the log's own rows after every kind of write (insert, delete, pruning, an update by hand), in a
 * new, an adopted and an upgraded database alike.
 */
class LogDaysTest {
    private static final Instant FIRST_DAY = Instant.parse("2026-03-01T00:00:00Z");
    private static final String[] PATHS = {"/media/tv/Show/S01E01.mkv", "/media/movies/Heat.mkv", "/media/x.mkv"};
    private static final AuditAction[] ACTIONS = {AuditAction.CACHE_ADD, AuditAction.CACHE_REMOVE,
        AuditAction.CACHE_ACCESS};

    @TempDir
    Path dir;

    @AfterEach
    void countsBackOn() {
        LogDays.enabled = true;
    }

    @Test
    void everyPageOfEveryFilterEqualsTheReferenceWithAndWithoutTheDayCounts() throws Exception {
        Path file = dir.resolve("log.db");
        InMemoryOperationJournal reference = new InMemoryOperationJournal();
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            for (AuditEntry entry : entries(700, 9, 1)) {
                db.bookkeeping().journal().record(entry);
                reference.record(entry);
            }
            assertCountsMatchTheRows(file);
            int compared = 0;
            for (LogFilter filter : filters()) {
                List<AuditEntry> all = everything(reference, filter);
                for (boolean counts : new boolean[] {true, false}) {
                    LogDays.enabled = counts;
                    for (int limit : new int[] {1, 7, 50}) {
                        for (int offset : offsets(all, limit)) {
                            LogFilter f = with(filter, new Paging(limit, offset));
                            Page<AuditEntry> page = db.bookkeeping().journal().list(f);
                            String what = filter + (counts ? ", with" : ", without") + " the counts, limit " + limit
                                    + ", offset " + offset;
                            assertEquals(ids(reference.list(f).items()), ids(page.items()), what);
                            if (page.totalExact() || (counts && LogDays.covers(f))) {
                                assertTrue(page.totalExact(), what);
                                assertEquals(all.size(), page.total(), what);
                            }
                            compared++;
                        }
                    }
                }
            }
            assertTrue(compared > 10_000, "compared " + compared);
        }
    }

    /**
     * The first pages (small offsets) found from the newest days, as a first page now is, equal the way without the
     * counts, total included, on a log shaped to trip the walk: a lone entry on the newest day, a newest day of only
     * ties, days without entries, pages that run across several days, time ranges whose ends fall inside a day or at
     * a midnight. (Offset 0 is read from the top of the range in both ways: the test above holds it to the reference.)
     */
    @Test
    void theFirstPagesWithTheDayCountsEqualThoseWithout() throws Exception {
        Path file = dir.resolve("first-pages.db");
        List<AuditEntry> log = new ArrayList<>(entries(2_500, 40, 3));
        log.removeIf(e -> e.timestamp().isAfter(FIRST_DAY.plusSeconds(86_400L * 20))
                && e.timestamp().isBefore(FIRST_DAY.plusSeconds(86_400L * 23))); // three days without entries
        Instant newest = FIRST_DAY.plusSeconds(86_400L * 45 + 600);
        Random random = new Random(4);
        for (int i = 0; i < 5; i++) { // a later day of only ties, then a lone entry on the newest day
            log.add(new AuditEntry(new UUID(random.nextLong(), random.nextLong()).toString(), ACTIONS[i % 3],
                    PATHS[i % 3], "api", i % 2 == 0 ? new UserId("alice") : null, "test", i != 2, i != 2 ? null
                    : "failed", null, newest));
        }
        log.add(new AuditEntry(UUID.randomUUID().toString(), AuditAction.CACHE_ADD, PATHS[0], "api",
                new UserId("bob"), "test", false, "failed", null, newest.plusSeconds(86_400)));
        Instant inside = FIRST_DAY.plusSeconds(86_400L * 30 + 40_000);
        List<Instant[]> ranges = List.of(new Instant[] {null, null}, new Instant[] {inside, null},
                new Instant[] {null, inside}, new Instant[] {FIRST_DAY.plusSeconds(86_400L * 5 + 7_000), inside},
                new Instant[] {FIRST_DAY.plusSeconds(86_400L * 21), FIRST_DAY.plusSeconds(86_400L * 24 + 1_000)},
                new Instant[] {inside, inside.plusSeconds(20_000)}, new Instant[] {newest, null},
                new Instant[] {FIRST_DAY.plusSeconds(86_400L * 45), newest.plusSeconds(86_400 * 2)});
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            for (AuditEntry entry : log) db.bookkeeping().journal().record(entry);
            int compared = 0;
            for (AuditAction action : new AuditAction[] {null, AuditAction.CACHE_ADD, AuditAction.CACHE_REMOVE}) {
                for (String user : new String[] {null, "alice", "bob"}) {
                    for (Boolean success : new Boolean[] {null, false}) {
                        for (Instant[] range : ranges) {
                            for (int limit : new int[] {1, 10, 50, 100}) {
                                for (int offset : new int[] {0, 1, 2, 5, 6, 49, 50, 51, 120}) {
                                    LogFilter f = new LogFilter(action, user == null ? null : new UserId(user), null,
                                            success, range[0], range[1], new Paging(limit, offset));
                                    LogDays.enabled = true;
                                    Page<AuditEntry> counted = db.bookkeeping().journal().list(f);
                                    LogDays.enabled = false;
                                    Page<AuditEntry> walked = db.bookkeeping().journal().list(f);
                                    String what = f.toString();
                                    assertEquals(ids(walked.items()), ids(counted.items()), what);
                                    assertTrue(counted.totalExact() && walked.totalExact(), what);
                                    assertEquals(walked.total(), counted.total(), what);
                                    compared++;
                                }
                            }
                        }
                    }
                }
            }
            assertTrue(compared > 5_000, "compared " + compared);
        }
    }

    @Test
    void theCountsFollowEveryKindOfWrite() throws Exception {
        Path file = dir.resolve("writes.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            for (AuditEntry entry : entries(300, 5, 2)) db.bookkeeping().journal().record(entry);
            assertCountsMatchTheRows(file);
            // the pruning: the oldest first, in batches
            assertTrue(db.bookkeeping().journal().pruneBefore(FIRST_DAY.plusSeconds(86_400 * 2 + 3_600), 37) > 0);
            assertCountsMatchTheRows(file);
            assertTrue(db.bookkeeping().journal().pruneBefore(FIRST_DAY.plusSeconds(86_400 * 2 + 3_600), 10_000) > 0);
            assertCountsMatchTheRows(file);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            // by hand, as in the sqlite3 shell: every column the counts depend on, to values new and old
            s.executeUpdate("UPDATE cache_operations_log SET operation_type = 'cache_verify' WHERE rowid % 7 = 0");
            s.executeUpdate("UPDATE cache_operations_log SET triggered_by_user = NULL WHERE rowid % 5 = 0");
            s.executeUpdate("UPDATE cache_operations_log SET triggered_by_user = 'carol' WHERE rowid % 11 = 0");
            s.executeUpdate("UPDATE cache_operations_log SET success = 1 - success WHERE rowid % 3 = 0");
            s.executeUpdate("UPDATE cache_operations_log SET timestamp = '2026-02-27T23:59:59.999999Z'"
                    + " WHERE rowid % 13 = 0");
            s.executeUpdate("UPDATE cache_operations_log SET reason = 'no count moves' WHERE rowid % 2 = 0");
            s.executeUpdate("DELETE FROM cache_operations_log WHERE rowid % 17 = 0");
        }
        assertCountsMatchTheRows(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM cache_operations_log");
            assertEquals(0, count(s, "SELECT count(*) FROM log_days"), "no row left at zero");
        }
    }

    @Test
    void aNewAnAdoptedAndAnUpgradedDatabaseEndTheSame() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        SqlitePersistence.open(PersistenceSettings.of(fresh)).close();
        Path adopted = dir.resolve("adopted.db");
        new OriginalDatabase(40, 900, 5).writeTo(adopted);
        SqlitePersistence.open(PersistenceSettings.of(adopted)).close();
        assertCountsMatchTheRows(adopted);
        assertTrue(count(adopted, "SELECT count(*) FROM log_days") > 0);
        // version 15, as it was: no table, no triggers; entries written meanwhile
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + adopted); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER log_days_entry_added");
            s.execute("DROP TRIGGER log_days_entry_removed");
            s.execute("DROP TRIGGER log_days_entry_changed");
            s.execute("DROP TABLE log_days");
            s.execute("DELETE FROM cache_operations_log WHERE rowid % 9 = 0");
            s.execute("PRAGMA user_version = 15");
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(adopted))) {
            for (AuditEntry entry : entries(50, 2, 6)) db.bookkeeping().journal().record(entry);
        }
        assertCountsMatchTheRows(adopted);
        assertEquals(schema(fresh), schema(adopted));
    }

    /**
     * The day walk is a primary-key range of one combination, read backwards: no sort, so a first page reads the
     * newest day's row and stops (SQLite's running sum over every day, as before, cost ~370 µs at 541 days).
     */
    @Test
    void theDaysAreReadInKeyOrder() throws Exception {
        Path file = dir.resolve("plans.db");
        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet r = c.prepareStatement("EXPLAIN QUERY PLAN " + LogDays.newestFirst(
                     " AND day > :sinceDay AND day < :untilDay").replaceAll(":[a-zA-Z]+", "?")).executeQuery()) {
            StringBuilder plan = new StringBuilder();
            while (r.next()) plan.append(r.getString("detail")).append('\n');
            assertTrue(plan.toString().contains("SEARCH log_days USING PRIMARY KEY (dims=? AND operation_type=? AND"
                    + " user=? AND day>? AND day<?)"), plan.toString());
            assertTrue(!plan.toString().contains("SCAN log_days"), plan.toString());
            assertTrue(!plan.toString().contains("TEMP B-TREE"), plan.toString());
        }
    }

    /**
     * Each query of a page bounds the timestamp once from each side: given two upper bounds (until and the span's
     * end, or until and the edge), SQLite seeks one and checks the other per entry — a page at 3/4 of six months
     * walked ~250,000 entries down to its edge. EXPLAIN QUERY PLAN does not say which bound it sought, so the SQL is
     * checked.
     */
    @Test
    void eachQueryOfAPageBoundsTheTimeOnceFromEachSide() {
        LogFilter ranged = new LogFilter(AuditAction.CACHE_ADD, new UserId("alice"), null, null, FIRST_DAY,
                FIRST_DAY.plusSeconds(86_400 * 30), Paging.FIRST);
        String edge = SqliteOperationJournal.edgeQuery(ranged, true);
        String newerInSpan = SqliteOperationJournal.newerQuery(ranged, true);
        String newer = SqliteOperationJournal.newerQuery(ranged, false);
        String page = SqliteOperationJournal.pageRowidsQuery(ranged);
        String first = SqliteOperationJournal.firstPageRowidsQuery(ranged);
        for (String sql : List.of(edge, newerInSpan)) {
            assertTrue(!sql.contains(":since") && !sql.contains(":until"), sql);
        }
        assertTrue(edge.contains(":spanFrom") && edge.contains(":spanTo"), edge);
        assertTrue(newerInSpan.contains(":spanTo") && newerInSpan.contains(":edge")
                && !newerInSpan.contains(":spanFrom"), newerInSpan);
        assertTrue(newer.contains(":until") && newer.contains(":edge") && !newer.contains(":since"), newer);
        assertTrue(page.contains(":since") && page.contains(":edge") && !page.contains(":until"), page);
        assertTrue(first.contains(":since") && first.contains(":until") && !first.contains(":edge"), first);
    }

    /** {@code n} entries over {@code days} days: ties of one timestamp, midnights, with and without a user, failures. */
    private static List<AuditEntry> entries(int n, int days, long seed) {
        Random random = new Random(seed);
        List<AuditEntry> entries = new ArrayList<>();
        Instant tie = FIRST_DAY.plusSeconds(3_600);
        for (int i = 0; i < n; i++) {
            Instant at;
            int kind = random.nextInt(10);
            if (kind == 0) {
                at = tie; // a tie with the previous one
            } else if (kind == 1) {
                at = FIRST_DAY.plusSeconds(86_400L * random.nextInt(days)); // a midnight
            } else {
                at = FIRST_DAY.plusMillis((long) (random.nextDouble() * days * 86_400_000L));
            }
            tie = at;
            boolean success = random.nextInt(5) != 0;
            String user = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> "bob";
                default -> "alice";
            };
            entries.add(new AuditEntry(new UUID(random.nextLong(), random.nextLong()).toString(),
                    ACTIONS[random.nextInt(ACTIONS.length)], PATHS[random.nextInt(PATHS.length)], "api",
                    user == null ? null : new UserId(user), "test", success, success ? null : "failed", null, at));
        }
        return entries;
    }

    /** Each action, user, success and path alone and together, and time ranges: open, within a day, across days. */
    private static List<LogFilter> filters() {
        Instant day = FIRST_DAY.plusSeconds(86_400 * 2 + 7_000); // since = until: nothing
        List<Instant[]> ranges = List.of(new Instant[] {null, null},
                new Instant[] {FIRST_DAY.plusSeconds(86_400 * 2 + 4_000), null},
                new Instant[] {null, FIRST_DAY.plusSeconds(86_400 * 6)},
                new Instant[] {FIRST_DAY.plusSeconds(86_400 + 50_000), FIRST_DAY.plusSeconds(86_400 * 7 + 20_000)},
                new Instant[] {FIRST_DAY.plusSeconds(86_400 * 3 + 1_000), FIRST_DAY.plusSeconds(86_400 * 3 + 60_000)},
                new Instant[] {FIRST_DAY.plusSeconds(86_400 * 4), FIRST_DAY.plusSeconds(86_400 * 5)},
                new Instant[] {day, day},
                new Instant[] {FIRST_DAY.minusSeconds(86_400 * 30), FIRST_DAY.minusSeconds(86_400)});
        List<LogFilter> filters = new ArrayList<>();
        for (AuditAction action : new AuditAction[] {null, AuditAction.CACHE_ADD, AuditAction.CACHE_ACCESS}) {
            for (String user : new String[] {null, "alice", "bob", "nobody"}) {
                for (Boolean success : new Boolean[] {null, false, true}) {
                    for (Instant[] range : ranges) {
                        filters.add(new LogFilter(action, user == null ? null : new UserId(user), null, success,
                                range[0], range[1], Paging.FIRST));
                    }
                    filters.add(new LogFilter(action, user == null ? null : new UserId(user), PATHS[1], success, null,
                            null, Paging.FIRST));
                }
            }
        }
        return filters;
    }

    /** The offsets worth a page: the ends, the middle, past the end, and around each change of day. */
    private static List<Integer> offsets(List<AuditEntry> all, int limit) {
        TreeSet<Integer> offsets = new TreeSet<>(Arrays.asList(0, 1, all.size() / 2, all.size() - 1, all.size(),
                all.size() + 3));
        if (limit < 50) {
            for (int i = 1; i < all.size(); i++) {
                String before = all.get(i - 1).timestamp().toString().substring(0, 10);
                if (!before.equals(all.get(i).timestamp().toString().substring(0, 10))) {
                    offsets.addAll(List.of(i - 1, i, i + 1));
                }
            }
        }
        offsets.removeIf(o -> o < 0);
        return new ArrayList<>(offsets);
    }

    private static List<AuditEntry> everything(InMemoryOperationJournal reference, LogFilter filter) {
        List<AuditEntry> all = new ArrayList<>();
        for (int offset = 0; ; offset += 500) {
            List<AuditEntry> page = reference.list(with(filter, new Paging(500, offset))).items();
            all.addAll(page);
            if (page.size() < 500) return all;
        }
    }

    private static LogFilter with(LogFilter f, Paging paging) {
        return new LogFilter(f.action(), f.user(), f.filePath(), f.success(), f.since(), f.until(), paging);
    }

    private static List<String> ids(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::id).toList();
    }

    /** The counts equal the log's rows grouped afresh (read without any index or count of the schema's). */
    private static void assertCountsMatchTheRows(Path file) throws Exception {
        String expected = "SELECT d.dims, CASE WHEN d.dims LIKE '%t%' THEN l.operation_type ELSE '' END AS t,"
                + " CASE WHEN d.dims LIKE '%u%' THEN l.triggered_by_user ELSE '' END AS u,"
                + " substr(l.timestamp, 1, 10) AS day, count(*) AS entries"
                + " FROM cache_operations_log l NOT INDEXED, (SELECT '' AS dims UNION ALL SELECT 't' UNION ALL"
                + " SELECT 'u' UNION ALL SELECT 'tu' UNION ALL SELECT 'f' UNION ALL SELECT 'tf' UNION ALL"
                + " SELECT 'uf' UNION ALL SELECT 'tuf') d"
                + " WHERE (d.dims NOT LIKE '%u%' OR l.triggered_by_user IS NOT NULL)"
                + " AND (d.dims NOT LIKE '%f%' OR l.success = 0) GROUP BY 1, 2, 3, 4";
        String compare = "SELECT count(*) FROM (SELECT * FROM (" + expected + ") EXCEPT"
                + " SELECT dims, operation_type, user, day, entries FROM log_days) ";
        String reverse = "SELECT count(*) FROM (SELECT dims, operation_type, user, day, entries FROM log_days EXCEPT"
                + " SELECT * FROM (" + expected + "))";
        assertEquals(0, count(file, compare), "counts missing or wrong");
        assertEquals(0, count(file, reverse), "counts too many");
        assertTrue(count(file, "SELECT count(*) FROM cache_operations_log") == 0
                || count(file, "SELECT count(*) FROM log_days") > 0);
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            return count(s, sql);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static List<String> schema(Path file) throws Exception {
        List<String> sql = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master"
                     + " WHERE name LIKE '%log%' ORDER BY type, name")) {
            while (r.next()) sql.add(r.getString(1));
        }
        return sql;
    }
}
