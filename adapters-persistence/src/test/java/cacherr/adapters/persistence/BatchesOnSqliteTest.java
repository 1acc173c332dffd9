package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacheStorage;
import cacherr.application.inmemory.StepExecutor;
import cacherr.application.port.in.BatchDetail;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.StartBatchCommand;
import cacherr.application.port.out.Clock;
import cacherr.application.port.out.IdGenerator;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.BatchStatus;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.batch.ResultStatus;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches over a real SQLite file: the history survives a restart, a batch cut short is recovered from the books. */
class BatchesOnSqliteTest {
    private static final UserId ALICE = new UserId("alice");

    @TempDir
    Path dir;
    private final InMemoryCacheStorage storage = InMemoryCacheStorage.standard();
    private final StepExecutor steps = new StepExecutor();

    private Cacherr app(SqlitePersistence db) {
        return new Cacherr(db.bookkeeping(), storage, Clock.system(), IdGenerator.randomUuids(), CacheSettings.DEFAULTS,
                db.batchOperations(), steps, 1);
    }

    @Test
    void aBatchCutShortIsMarkedAtTheNextStartWithEachFilesTrueOutcome() {
        Path file = dir.resolve("books.db");
        String batchId;
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Cacherr app = app(db);
            for (int i = 0; i < 3; i++) {
                String path = "/array/movies/F" + i + ".mkv";
                storage.write(path, ("movie " + i).getBytes(StandardCharsets.UTF_8));
                app.cacheFile().cache(new CacheFileCommand(path, OperationType.WATCHLIST, ALICE, null, null, null));
            }
            BatchOperation batch = app.startBatch().start(new StartBatchCommand(BatchAction.UNCACHE, null, null,
                    FileCriteria.ANY, ALICE, "space", false, null, null));
            batchId = batch.id();
            steps.runNext(); // one file off the cache; then the process dies: its queued steps die with it
            steps.dropAll();
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Cacherr app = app(db);
            assertEquals(BatchStatus.RUNNING, db.batchOperations().find(batchId).orElseThrow().status());
            assertEquals(1, app.recoverInterruptedBatches().recoverBatches().size());

            BatchDetail after = app.batchHistory().batch(batchId, 0, 10);
            assertEquals(BatchStatus.FAILED, after.batch().status());
            assertTrue(after.batch().errorMessage().startsWith("interrupted"));
            List<ResultStatus> statuses = after.results().stream().map(OperationResult::status).toList();
            assertEquals(List.of(ResultStatus.COMPLETED, ResultStatus.SKIPPED, ResultStatus.SKIPPED), statuses);
            OperationResult first = after.results().get(0);
            assertEquals(FileStatus.REMOVED, app.getFile().get(first.fileId()).status(), "the books agree");
            assertEquals(1, after.batch().filesSuccessful());
            assertEquals(3, after.batch().filesProcessed());
        }
    }

    @Test
    void aFinishedBatchAndItsResultsAreInTheHistoryAfterARestart() {
        Path file = dir.resolve("books.db");
        String batchId;
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Cacherr app = app(db);
            storage.write("/array/movies/Heat.mkv", "heat".getBytes(StandardCharsets.UTF_8));
            batchId = app.startBatch().start(new StartBatchCommand(BatchAction.CACHE, List.of("/array/movies/Heat.mkv",
                    "/array/movies/Gone.mkv"), null, null, ALICE, null, false, null, null)).id();
            steps.runAll();
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Cacherr app = app(db);
            assertEquals(0, app.recoverInterruptedBatches().recoverBatches().size());
            BatchDetail detail = app.batchHistory().batch(batchId, 0, 10);
            assertEquals(BatchStatus.COMPLETED, detail.batch().status());
            assertEquals(List.of(ResultStatus.COMPLETED, ResultStatus.FAILED),
                    detail.results().stream().map(OperationResult::status).toList());
            assertEquals("/cache/movies/Heat.mkv", detail.results().get(0).destinationPath());
        }
    }
}
