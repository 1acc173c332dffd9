package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.OperationJournal;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.UserId;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Paging;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log's pages take the entries read lately under the same rowid and id again
 * ({@link RememberedRows#entries}): the same entries as reading every row, the very same objects when read again,
 * and a rowid that now holds another entry — after a delete, by this service or another program — read anew.
 */
class RememberedEntriesTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final LogFilter ALL = new LogFilter(null, null, null, null, null, null, new Paging(50, 0));

    @TempDir
    Path dir;

    @AfterEach
    void rememberingBackOn() {
        SqliteOperationJournal.remember = true;
        SqliteOperationJournal.keptInsert = true;
    }

    @Test
    void pagesReadAgainAreTheSameObjectsAndTheFormerWaysEntries() {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("log.db")))) {
            OperationJournal journal = db.bookkeeping().journal();
            for (int i = 0; i < 120; i++) journal.record(entry(i, START.plusSeconds(i / 3))); // ties of three
            List<LogFilter> filters = new ArrayList<>();
            for (int offset : new int[] {0, 7, 50, 100, 119, 120}) {
                filters.add(new LogFilter(null, null, null, null, null, null, new Paging(50, offset)));
                filters.add(new LogFilter(AuditAction.CACHE_ADD, new UserId("alice"), null, null, null, null,
                        new Paging(7, offset / 3)));
                filters.add(new LogFilter(null, null, null, false, START.plusSeconds(5), null,
                        new Paging(500, offset)));
            }
            for (LogFilter filter : filters) {
                SqliteOperationJournal.remember = false;
                List<AuditEntry> former = journal.list(filter).items();
                List<AuditEntry> formerAgain = journal.list(filter).items();
                SqliteOperationJournal.remember = true;
                List<AuditEntry> first = journal.list(filter).items();
                List<AuditEntry> again = journal.list(filter).items();
                assertEquals(former, first, filter.toString());
                assertEquals(former, again, filter.toString());
                for (int i = 0; i < again.size(); i++) {
                    assertSame(first.get(i), again.get(i), filter + ", row " + i);
                    assertNotSame(former.get(i), formerAgain.get(i), filter + ", row " + i); // the former way: anew
                }
            }
        }
    }

    @Test
    void aRowidHoldingAnotherEntryIsReadAnew() throws Exception {
        Path file = dir.resolve("reused.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            OperationJournal journal = db.bookkeeping().journal();
            for (int i = 0; i < 10; i++) journal.record(entry(i, START.plusSeconds(i)));
            AuditEntry newest = journal.list(ALL).items().get(0);
            assertSame(newest, journal.list(ALL).items().get(0));
            long rowid = rowidOf(file, newest.id());
            // another program deletes the newest entry; SQLite gives its rowid again to the next insert
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                 PreparedStatement delete = other.prepareStatement("DELETE FROM cache_operations_log WHERE id = ?")) {
                delete.setString(1, newest.id());
                assertEquals(1, delete.executeUpdate());
            }
            AuditEntry replacement = entry(99, START.plusSeconds(60));
            journal.record(replacement);
            assertEquals(rowid, rowidOf(file, replacement.id()), "the same rowid given again");
            List<AuditEntry> page = journal.list(ALL).items();
            assertEquals(replacement, page.get(0));
            assertEquals(10, page.size());
            // and by another program, with a rowid of its choosing: the rowid of an entry kept, another entry
            AuditEntry oldest = page.get(9);
            long oldestRowid = rowidOf(file, oldest.id());
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                other.createStatement().executeUpdate("DELETE FROM cache_operations_log WHERE rowid = " + oldestRowid);
                other.createStatement().executeUpdate("INSERT INTO cache_operations_log (rowid, id, operation_type, "
                        + "file_path, triggered_by, triggered_by_user, reason, success, error_message, metadata, "
                        + "timestamp) SELECT " + oldestRowid + ", 'by-hand', operation_type, '/media/by hand.mkv', "
                        + "triggered_by, triggered_by_user, 'by hand', success, error_message, metadata, timestamp "
                        + "FROM cache_operations_log WHERE id = '" + page.get(8).id() + "'");
            }
            SqliteOperationJournal.remember = false;
            List<AuditEntry> former = journal.list(ALL).items();
            SqliteOperationJournal.remember = true;
            List<AuditEntry> now = journal.list(ALL).items();
            assertEquals(former, now);
            assertTrue(now.stream().anyMatch(e -> e.id().equals("by-hand")
                    && e.filePath().equals("/media/by hand.mkv")), now.toString());
            assertTrue(now.stream().noneMatch(e -> e.id().equals(oldest.id())), now.toString());
        }
    }

    @Test
    void anEntryEditedByAnotherProgramIsReadAnew() throws Exception {
        Path file = dir.resolve("edited.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            OperationJournal journal = db.bookkeeping().journal();
            for (int i = 0; i < 10; i++) journal.record(entry(i, START.plusSeconds(i)));
            List<AuditEntry> before = journal.list(ALL).items();
            assertSame(before.get(3), journal.list(ALL).items().get(3));
            AuditEntry edited = before.get(3);
            AuditEntry newest = before.get(0);
            long newestRowid = rowidOf(file, newest.id());
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                // in place: the same rowid and id, another path and reason
                other.createStatement().executeUpdate("UPDATE cache_operations_log SET file_path = '/media/edited.mkv',"
                        + " reason = 'edited by hand' WHERE id = '" + edited.id() + "'");
                // deleted and written again under the same rowid and id, with another path
                other.createStatement().executeUpdate("CREATE TEMP TABLE copy AS SELECT rowid AS r, * FROM"
                        + " cache_operations_log WHERE id = '" + newest.id() + "'");
                other.createStatement().executeUpdate("DELETE FROM cache_operations_log WHERE id = '" + newest.id()
                        + "'");
                other.createStatement().executeUpdate("INSERT INTO cache_operations_log (rowid, id, operation_type,"
                        + " file_path, triggered_by, triggered_by_user, reason, success, error_message, metadata,"
                        + " timestamp) SELECT r, id, operation_type, '/media/written again.mkv', triggered_by,"
                        + " triggered_by_user, reason, success, error_message, metadata, timestamp FROM temp.copy");
            }
            assertEquals(newestRowid, rowidOf(file, newest.id()), "written again under the same rowid");
            SqliteOperationJournal.remember = false;
            List<AuditEntry> former = journal.list(ALL).items();
            SqliteOperationJournal.remember = true;
            List<AuditEntry> now = journal.list(ALL).items();
            assertEquals(former, now);
            assertEquals("/media/edited.mkv", now.get(3).filePath());
            assertEquals("edited by hand", now.get(3).reason());
            assertEquals("/media/written again.mkv", now.get(0).filePath());
            for (int i : new int[] {1, 2, 4, 5, 6, 7, 8, 9}) assertSame(before.get(i), now.get(i), "row " + i);
        }
    }

    @Test
    void anEntrysStampMovesWithEveryWriteToItsRowAndNothingElse() throws Exception {
        Path file = dir.resolve("stamps.db");
        String after;
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            OperationJournal journal = db.bookkeeping().journal();
            for (int i = 0; i < 6; i++) {
                SqliteOperationJournal.keptInsert = i % 2 == 0; // the kept insert and Hibernate's
                journal.record(entry(i, START.plusSeconds(i)));
            }
            SqliteOperationJournal.keptInsert = true;
            String stamps = stamps(file);
            assertEquals(6, stamps.split(",").length);
            assertTrue(List.of(stamps.split(",")).stream().noneMatch("0"::equals), stamps);
            assertEquals(6, List.of(stamps.split(",")).stream().distinct().count(), stamps);
            String days = text(file, "SELECT group_concat(dims || operation_type || user || day || entries)"
                    + " FROM log_days");
            String edited = journal.list(ALL).items().get(2).id();
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                other.createStatement().executeUpdate("UPDATE cache_operations_log SET reason = 'by hand' WHERE id = '"
                        + edited + "'");
            }
            after = stamps(file);
            for (int i = 0; i < 6; i++) {
                boolean same = after.split(",")[i].equals(stamps.split(",")[i]);
                assertEquals(i != 3, same, "row " + i + ": " + stamps + " / " + after); // the third newest of six
            }
            assertEquals(days, text(file, "SELECT group_concat(dims || operation_type || user || day || entries)"
                    + " FROM log_days"), "the stamp's own update counts no entry again");
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                other.createStatement().executeUpdate("PRAGMA user_version = 23");
            }
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            assertEquals(SqlitePersistence.schemaVersion(), Long.parseLong(text(file, "PRAGMA user_version")));
        }
        assertEquals(after, stamps(file), "run again, the step keeps every stamp");
        assertEquals(2, Long.parseLong(text(file, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                + " AND tbl_name = 'cache_operations_log' AND name LIKE 'row_stamp_%'")));
    }

    private static String stamps(Path file) throws Exception {
        return text(file, "SELECT group_concat(row_stamp) FROM (SELECT row_stamp FROM cache_operations_log"
                + " ORDER BY rowid)");
    }

    private static String text(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet r = c.createStatement().executeQuery(sql)) {
            assertTrue(r.next(), sql);
            return r.getString(1);
        }
    }

    @Test
    void prunedEntriesAreGoneAndTheRestStayKept() {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("pruned.db")))) {
            OperationJournal journal = db.bookkeeping().journal();
            for (int i = 0; i < 30; i++) journal.record(entry(i, START.plusSeconds(i)));
            List<AuditEntry> before = journal.list(ALL).items();
            assertEquals(10, journal.pruneBefore(START.plusSeconds(10), 100));
            List<AuditEntry> after = journal.list(ALL).items();
            assertEquals(before.subList(0, 20), after);
            for (int i = 0; i < after.size(); i++) assertSame(before.get(i), after.get(i), "row " + i);
        }
    }

    private static AuditEntry entry(int i, Instant at) {
        boolean success = i % 4 != 0;
        return new AuditEntry(new UUID(i, 31L * i + 7).toString(), i % 2 == 0 ? AuditAction.CACHE_ADD
                : AuditAction.CACHE_REMOVE, "/media/tv/Show \u00e9 " + i + ".mkv", "api",
                i % 3 == 0 ? null : new UserId(i % 3 == 1 ? "alice" : "bob"), "reason " + i, success,
                success ? null : "failed " + i,
                i % 5 == 0 ? null : new Metadata("{\"n\": " + i + ", \"t\": \"\u00e5\"}"), at);
    }

    private static long rowidOf(Path file, String id) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement s = c.prepareStatement("SELECT rowid FROM cache_operations_log WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), id);
                return r.getLong(1);
            }
        }
    }
}
