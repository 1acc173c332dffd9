package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.error.ConflictException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.OperationType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored file's update and an audit entry's insert run on statements kept per connection
 * ({@link SqliteCachedFiles#update}, {@code SqliteOperationJournal.insert}), not through Hibernate's update and insert
 * of the entity, which prepared their SQL — and every trigger on the table with it — on each write. The books they
 * leave must be the ones Hibernate left: the same writes, in the same order, on two copies of the same books, one
 * each way, leave every table the same, value and type (the files' random row stamps and the books' aside).
 */
class KeptWritesTest {
    @TempDir
    Path dir;

    private SqlitePersistence open(String name) {
        return SqlitePersistence.open(new PersistenceSettings(dir.resolve(name), 1, Duration.ofSeconds(5)));
    }

    @Test
    void anUpdateLeavesTheBooksHibernatesOwnUpdateLeft() throws Exception {
        try (SqlitePersistence kept = open("kept.db"); SqlitePersistence former = open("former.db")) {
            CachedFiles keptFiles = kept.bookkeeping().files();
            CachedFiles formerFiles = former.bookkeeping().files();
            MixedBooks.fill(keptFiles, formerFiles);
            for (CachedFile change : changes()) {
                keptFiles.save(change);
                SqliteCachedFiles.keptUpdate = false;
                try {
                    formerFiles.save(change);
                } finally {
                    SqliteCachedFiles.keptUpdate = true;
                }
            }
            assertTrue(Statements.holds(StatementsTest.connection(kept), positional(SqliteCachedFiles.UPDATE)),
                    "the update's statement is kept for the next one");
        }
        Map<String, List<String>> expected = contents(dir.resolve("former.db"));
        Map<String, List<String>> actual = contents(dir.resolve("kept.db"));
        assertTrue(expected.get("cached_files").size() == MixedBooks.FILES, "every file is compared");
        assertEquals(expected.keySet(), actual.keySet());
        for (String table : expected.keySet()) assertEquals(expected.get(table), actual.get(table), table);
    }

    @Test
    void aPathHeldByAnotherRecordIsRefusedAndNothingIsWritten() throws Exception {
        try (SqlitePersistence db = open("books.db")) {
            CachedFiles files = db.bookkeeping().files();
            MixedBooks.fill(files);
            Map<String, List<String>> before = contents(dir.resolve("books.db"));
            CachedFile other = files.findById(new FileId("f001")).orElseThrow();
            CachedFile taking = CachedFileFixtures.aFile("f002").path(relative(other)).build();
            assertThrows(ConflictException.class, () -> files.save(taking));
            Map<String, List<String>> after = contents(dir.resolve("books.db"));
            for (String table : before.keySet()) {
                assertEquals(before.get(table), after.get(table), "the refused update wrote nothing: " + table);
            }
        }
    }

    @Test
    void anAuditEntryIsWrittenAsHibernatesOwnInsertWroteIt() throws Exception {
        try (SqlitePersistence kept = open("kept.db"); SqlitePersistence former = open("former.db")) {
            for (AuditEntry entry : entries()) {
                kept.bookkeeping().journal().record(entry);
                SqliteOperationJournal.keptInsert = false;
                try {
                    former.bookkeeping().journal().record(entry);
                } finally {
                    SqliteOperationJournal.keptInsert = true;
                }
            }
            assertThrows(ConflictException.class, () -> kept.bookkeeping().journal().record(entries().get(3)),
                    "an id recorded already is refused");
            assertTrue(Statements.holds(StatementsTest.connection(kept), positional(SqliteOperationJournal.INSERT)),
                    "the insert's statement is kept for the next one");
        }
        Map<String, List<String>> expected = contents(dir.resolve("former.db"));
        Map<String, List<String>> actual = contents(dir.resolve("kept.db"));
        assertEquals(60, expected.get("cache_operations_log").size(), "every entry is compared");
        assertEquals(expected.keySet(), actual.keySet());
        for (String table : expected.keySet()) assertEquals(expected.get(table), actual.get(table), table);
    }

    /** Sixty entries: every action, failures with their messages, with and without a user and metadata. */
    private static List<AuditEntry> entries() {
        List<AuditEntry> entries = new ArrayList<>();
        AuditAction[] actions = AuditAction.values();
        for (int i = 0; i < 60; i++) {
            boolean success = i % 4 != 0;
            entries.add(new AuditEntry("e" + i, actions[i % actions.length], "/array/tv/Show " + i + ".mkv",
                    i % 3 == 0 ? "manual" : "watchlist", i % 5 == 0 ? null : MixedBooks.USERS.get(i % 3), "r" + i,
                    success, success ? null : "failed " + i, i % 6 == 0 ? new Metadata("{\"n\": " + i + "}") : null,
                    CachedFileFixtures.T0.plusSeconds(i * 40_000L).plusNanos(i * 1_001L)));
        }
        return entries;
    }

    /** The path {@code file} was built with, relative to the fixtures' array root. */
    private static String relative(CachedFile file) {
        return file.filePath().substring(file.filePath().indexOf("/", 1) + 1);
    }

    /**
     * Forty updates of stored files, each column moved in some of them, nulls both ways: accesses, removals, moves
     * to another path and size and method, other operations and users, metadata set and dropped.
     */
    private static List<CachedFile> changes() {
        List<CachedFile> changes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            var file = CachedFileFixtures.aFile(String.format("f%03d", i * 7 % MixedBooks.FILES))
                    .path("renamed/Show " + i + "/Episode " + i + ".mkv")
                    .size(1000L + i * 97)
                    .cachedAt(CachedFileFixtures.T0.plusSeconds(5000 + i))
                    .operation(OperationType.values()[i % OperationType.values().length]);
            if (i % 2 == 0) file.accessed(i + 1, CachedFileFixtures.T0.plusSeconds(9000 + i));
            if (i % 3 == 0) file.status(FileStatus.REMOVED, CachedFileFixtures.T0.plusSeconds(7000 + i));
            if (i % 4 == 1) file.method(CacheMethod.values()[i % CacheMethod.values().length]);
            if (i % 5 != 0) file.user(MixedBooks.USERS.get(i % 3), "r" + i, CachedFileFixtures.T0.plusSeconds(i));
            if (i % 6 == 0) file.metadata("{\"n\": " + i + "}");
            changes.add(file.build());
        }
        return changes;
    }

    /** {@code sql} as the kept statements know it: each {@code :name} a {@code ?}. */
    private static String positional(String sql) {
        Map<String, Object> params = new HashMap<>();
        Matcher names = Pattern.compile(":(\\w+)").matcher(sql);
        while (names.find()) params.put(names.group(1), "");
        return Jdbc.positional(sql, params, new ArrayList<>());
    }

    /** Every table's rows (virtual tables through their shadow tables), each value with its type, sorted. */
    private static Map<String, List<String>> contents(Path file) throws Exception {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")) {
                while (r.next()) names.add(r.getString(1));
            }
            for (String table : names) {
                List<String> columns = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
                    while (r.next()) {
                        String column = r.getString(1);
                        // random, drawn by triggers
                        if (!column.equals("row_stamp")
                                && !(table.equals("selection_versions") && column.equals("books_stamp"))) {
                            columns.add(column);
                        }
                    }
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    while (r.next()) {
                        StringBuilder row = new StringBuilder();
                        for (String column : columns) {
                            Object value = r.getObject(column);
                            row.append(value == null ? "null" : value instanceof byte[] bytes
                                    ? "blob:" + HexFormat.of().formatHex(bytes)
                                    : value.getClass().getSimpleName() + ":" + value).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(table, rows);
            }
        }
        return tables;
    }
}
