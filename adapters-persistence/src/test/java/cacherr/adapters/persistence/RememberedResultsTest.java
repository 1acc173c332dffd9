package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.BatchOperations;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.file.FileId;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.UserId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch and its pages of results read lately are taken again while their rows read as the same text
 * ({@link RememberedReads}): always what reading every row gives (the former way), the very same objects while
 * nothing changed, and read anew after any change — by this service or by another program, to any column, a batch
 * replaced under the same id — on first and deep pages, for every batch apart.
 */
class RememberedResultsTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00.123456Z");
    private static final int FILES = 250;
    /** (offset, limit) of first, middle, deep, last, past-the-end and whole pages. */
    private static final int[][] PAGES = {{0, 100}, {0, 1}, {7, 50}, {100, 100}, {150, 100}, {249, 100}, {250, 100},
        {300, 10}, {0, 1000}, {0, SqliteBatchOperations.PAGES_OF + 1}};

    @TempDir
    Path dir;

    @AfterEach
    void rememberingBackOn() {
        SqliteBatchOperations.remember = true;
    }

    @Test
    void pagesReadAgainAreTheSameObjectsAndTheFormerWaysResults() {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("pages.db")))) {
            BatchOperations store = db.batchOperations();
            for (String id : List.of("batch-one", "batch-two")) {
                BatchOperation batch = aBatch(id);
                store.save(batch);
                store.saveResults(resultsOf(batch));
            }
            for (String id : List.of("batch-one", "batch-two")) {
                for (int[] page : PAGES) {
                    String what = id + " at " + page[0] + ", " + page[1];
                    SqliteBatchOperations.remember = false;
                    List<OperationResult> former = store.results(id, page[0], page[1]);
                    List<OperationResult> formerAgain = store.results(id, page[0], page[1]);
                    BatchOperation formerBatch = store.find(id).orElseThrow();
                    SqliteBatchOperations.remember = true;
                    List<OperationResult> first = store.results(id, page[0], page[1]);
                    List<OperationResult> again = store.results(id, page[0], page[1]);
                    assertEquals(former, first, what);
                    assertEquals(former, again, what);
                    assertEquals(Math.max(0, Math.min(page[1], FILES - page[0])), again.size(), what);
                    boolean kept = page[1] <= SqliteBatchOperations.PAGES_OF;
                    for (int i = 0; i < again.size(); i++) {
                        if (kept) assertSame(first.get(i), again.get(i), what + ", row " + i);
                        else assertNotSame(first.get(i), again.get(i), what + ", row " + i); // too large to keep
                        assertNotSame(former.get(i), formerAgain.get(i), what + ", row " + i); // the former way: anew
                    }
                    assertEquals(formerBatch, store.find(id).orElseThrow(), what);
                    assertSame(store.find(id).orElseThrow(), store.find(id).orElseThrow(), what);
                }
            }
            assertEquals(List.of(), store.results("no-such-batch", 0, 100));
            assertEquals(Optional.empty(), store.find("no-such-batch"));
            // the two batches' pages stay apart: the same offset and limit of each its own
            assertNotEquals(store.results("batch-one", 0, 100), store.results("batch-two", 0, 100));
        }
    }

    @Test
    void resultsAndBatchesWrittenByTheServiceAreReadAnew() {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("written.db")))) {
            BatchOperations store = db.batchOperations();
            BatchOperation batch = aBatch("running");
            store.save(batch);
            List<OperationResult> results = resultsOf(batch);
            store.saveResults(results);
            List<OperationResult> firstPage = store.results("running", 0, 100);
            List<OperationResult> deepPage = store.results("running", 200, 100);
            BatchOperation found = store.find("running").orElseThrow();
            // one result on each page done, the batch counted: both pages and the batch read anew
            List<OperationResult> done = List.of(results.get(3).processing(START.plusSeconds(1))
                    .completed(START.plusSeconds(2), "cached", new FileId("f3"), "/array/F3.mkv", "/cache/F3.mkv", 77),
                    results.get(210).processing(START.plusSeconds(1)).failed(START.plusSeconds(3), "disk full"));
            store.saveResults(done);
            BatchOperation counted = found.running();
            store.save(counted);
            assertEquals(counted, store.find("running").orElseThrow());
            assertEqualsFormer(store, "running");
            List<OperationResult> firstNow = store.results("running", 0, 100);
            assertEquals(done.get(0), firstNow.get(3));
            assertEquals(done.get(1), store.results("running", 200, 100).get(10));
            assertNotEquals(firstPage, firstNow);
            assertNotEquals(deepPage, store.results("running", 200, 100));
            // an unchanged page of the same batch is still the very objects kept
            List<OperationResult> middle = store.results("running", 100, 100);
            assertSame(middle, store.results("running", 100, 100));
            store.saveResults(List.of(results.get(50).processing(START.plusSeconds(4))));
            assertSame(middle, store.results("running", 100, 100));
            assertNotEquals(firstNow, store.results("running", 0, 100));
        }
    }

    /**
     * A page read again while no result of its batch was written is taken by the batch's results stamp (schema 25),
     * without its rows' text; a write to one result of the batch, by anyone, moves the stamp, and the pages whose rows
     * did not change are then found again by their text and kept at the new stamp.
     */
    @Test
    void pagesAreTakenByTheirBatchsStampUntilAResultIsWritten() throws Exception {
        Path file = dir.resolve("stamped.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            SqliteBatchOperations store = (SqliteBatchOperations) db.batchOperations();
            BatchOperation batch = aBatch("stamped");
            store.save(batch);
            store.saveResults(resultsOf(batch));
            List<OperationResult> first = store.results("stamped", 0, 100);
            List<OperationResult> deep = store.results("stamped", 200, 100);
            long[] before = store.stampedCounts();
            assertSame(first, store.results("stamped", 0, 100));
            assertSame(deep, store.results("stamped", 200, 100));
            assertEquals(before[1] + 2, store.stampedCounts()[1], "both taken by the stamp");
            byHand(file, "UPDATE batch_file_results SET reason = 'by hand' WHERE operation_id = 'stamped'"
                    + " AND position = 5");
            assertNotEquals(first, store.results("stamped", 0, 100));
            assertSame(deep, store.results("stamped", 200, 100), "found again by its text");
            assertEquals(before[1] + 2, store.stampedCounts()[1], "the stamp moved: neither taken by it");
            assertSame(deep, store.results("stamped", 200, 100));
            assertEquals(before[1] + 3, store.stampedCounts()[1], "kept at the new stamp");
            assertEqualsFormer(store, "stamped");
        }
    }

    @Test
    void rowsChangedByAnotherProgramAreReadAnew() throws Exception {
        Path file = dir.resolve("by-hand.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            BatchOperations store = db.batchOperations();
            BatchOperation batch = aBatch("by-hand");
            store.save(batch);
            store.saveResults(resultsOf(batch));
            // each column of a result on the first page and one on the deep page, changed in turn by another program
            // — to other text, to NULL, to text that differs only after a NUL, to another type, to a real — and the
            // batch's columns likewise: every time, the page is the former way's again
            String[] changes = {
                "reason = 'changed by hand'", "reason = 'a' || char(0) || 'b'", "reason = 'a' || char(0) || 'c'",
                "file_path = '/array/x,y''\"z\".mkv'", "file_path = CAST('/array/blob.mkv' AS BLOB)",
                "file_id = NULL", "file_id = 'null'", "destination_path = NULL", "destination_path = ''",
                "file_size_bytes = 5", "file_size_bytes = '5'", "file_size_bytes = 5.5", "file_size_bytes = 5.25",
                "file_size_bytes = 999999999999999.9", "file_size_bytes = 1000000000000000.4",
                "triggered_by_user = 'bob'", "started_at = '2026-03-01T10:00:01.000001Z'", "status = 'skipped',"
                    + " completed_at = '2026-03-01T10:00:02.000002Z', reason = 'skipped by hand'",
                "parent_operation_id = 'parent'", "id = id || '-renumbered'",
            };
            for (String change : changes) {
                for (int position : new int[] {5, 230}) {
                    List<OperationResult> before = store.results("by-hand", position < 100 ? 0 : 200, 100);
                    assertSame(before, store.results("by-hand", position < 100 ? 0 : 200, 100), change);
                    byHand(file, "UPDATE batch_file_results SET " + change + " WHERE operation_id = 'by-hand'"
                            + " AND position = " + position);
                    assertEqualsFormer(store, "by-hand");
                }
            }
            String[] batchChanges = {"reason = 'by hand'", "files_processed = 3, files_skipped = 3", "metadata = NULL",
                "error_message = 'a' || char(0) || 'b'", "error_message = 'a' || char(0) || 'c'", "test_mode = 1"};
            for (String change : batchChanges) {
                BatchOperation before = store.find("by-hand").orElseThrow();
                byHand(file, "UPDATE batch_operations SET " + change + " WHERE id = 'by-hand'");
                SqliteBatchOperations.remember = false;
                BatchOperation former = store.find("by-hand").orElseThrow();
                SqliteBatchOperations.remember = true;
                BatchOperation now = store.find("by-hand").orElseThrow();
                assertEquals(former, now, change);
                assertNotEquals(before, now, change);
            }
            // the batch deleted with its results, and another put back under the same id with other results
            List<OperationResult> kept = store.results("by-hand", 0, 100);
            byHand(file, "DELETE FROM batch_file_results WHERE operation_id = 'by-hand'"); // its foreign keys are off
            byHand(file, "DELETE FROM batch_operations WHERE id = 'by-hand'");
            assertEquals(List.of(), store.results("by-hand", 0, 100));
            assertEquals(Optional.empty(), store.find("by-hand"));
            BatchOperation replacement = BatchOperation.pending("by-hand", BatchAction.DETACH_USER, true, "api",
                    new UserId("carol"), "another batch, the same id", START.plusSeconds(60), FILES, 0, null);
            store.save(replacement);
            List<OperationResult> replaced = new ArrayList<>();
            for (OperationResult r : resultsOf(replacement)) {
                replaced.add(OperationResult.pending(r.id() + "-again", r.operationId(), r.position(), r.fileId(),
                        r.filePath(), r.sourcePath(), r.destinationPath(), r.action(), r.triggeredByUser(), 0));
            }
            store.saveResults(replaced);
            assertEquals(replaced.subList(0, 100), store.results("by-hand", 0, 100));
            assertNotEquals(kept, store.results("by-hand", 0, 100));
            assertEquals(replacement, store.find("by-hand").orElseThrow());
            assertEqualsFormer(store, "by-hand");
        }
    }

    /** The page's text tells apart every two rows the reader reads apart (and is one value for equal rows). */
    @Test
    void textsOfRowsReadApartDiffer() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("texts.db"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, n INTEGER, x TEXT, y TEXT)");
            String[] rows = {"5, 'a', 'b'", "5, 'a' || char(0) || 'b', NULL", "5, 'a' || char(0) || 'c', NULL",
                "5, NULL, 'a'", "5, 'a', NULL", "5, 'null', NULL", "5, '', NULL", "5, 'a,b', NULL", "5, 'a', ',b'",
                "5, 'a\",\"b', NULL", "5, '\"a\"', NULL", "5.5, 'a', 'b'", "5.25, 'a', 'b'", "NULL, 'a', 'b'",
                "0.30000000000000004, NULL, NULL", "0.3, NULL, NULL", "999999999999999.9, NULL, NULL",
                "1000000000000000.4, NULL, NULL", "'five', NULL, NULL", "5, CAST('a' AS BLOB), 'b'",
                "5, 'é', NULL", "5, 'e' || char(769), NULL", "-1, NULL, NULL", "9223372036854775807, NULL, NULL"};
            for (int i = 0; i < rows.length; i++) s.execute("INSERT INTO t VALUES (" + i + ", " + rows[i] + ")");
            String text = RememberedReads.text("n", "x", "y");
            Set<String> reads = new HashSet<>();
            Set<String> texts = new HashSet<>();
            try (ResultSet r = s.executeQuery("SELECT n, x, y, " + text + " FROM t ORDER BY k")) {
                while (r.next()) {
                    String read = r.getString(1) + "|" + r.getLong(1) + "|" + r.getInt(1) + "|" + r.getString(2) + "|"
                            + r.getString(3);
                    String asText = new String(r.getBytes(4), java.nio.charset.StandardCharsets.UTF_8);
                    if (reads.add(read)) assertTrue(texts.add(asText), "another read, the same text: " + asText);
                }
            }
            assertEquals(rows.length - 1, reads.size(), "the blob reads as the text 'a' does: " + reads);
            assertEquals(reads.size(), texts.size());
        }
    }

    private static void assertEqualsFormer(BatchOperations store, String id) {
        for (int[] page : PAGES) {
            SqliteBatchOperations.remember = false;
            List<OperationResult> former = store.results(id, page[0], page[1]);
            Optional<BatchOperation> formerBatch = store.find(id);
            SqliteBatchOperations.remember = true;
            assertEquals(former, store.results(id, page[0], page[1]), id + " at " + page[0] + ", " + page[1]);
            assertEquals(formerBatch, store.find(id), id);
        }
    }

    private static void byHand(Path file, String sql) throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement statement = other.prepareStatement(sql)) {
            assertTrue(statement.executeUpdate() > 0, sql);
        }
    }

    private static BatchOperation aBatch(String id) {
        return BatchOperation.pending(id, BatchAction.CACHE, false, "api", new UserId("alice"), "r\u00e9ason " + id,
                START, FILES, 100L * FILES, new Metadata("{\"selected_by\":\"filters\"}"));
    }

    private static List<OperationResult> resultsOf(BatchOperation batch) {
        List<OperationResult> results = new ArrayList<>();
        for (int i = 0; i < batch.totalFiles(); i++) {
            String path = "/array/tv/" + batch.id() + "/Show \u00e9 \"" + i + "\".mkv";
            results.add(OperationResult.pending(batch.id() + "-r" + i, batch.id(), i,
                    i % 3 == 0 ? null : new FileId("f" + i), path, path, i % 2 == 0 ? "/cache" + path : null,
                    batch.action(), i % 5 == 0 ? null : batch.triggeredByUser(), 1_000L * i));
        }
        return results;
    }
}
