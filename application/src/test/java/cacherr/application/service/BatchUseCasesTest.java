package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.in.BatchDetail;
import cacherr.application.port.in.BatchListener;
import cacherr.application.port.in.BatchProgress;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.CleanupCommand;
import cacherr.application.port.in.StartBatchCommand;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.BatchFilter;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.BatchStatus;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.batch.ResultStatus;
import cacherr.domain.error.ConflictException;
import cacherr.domain.error.InvalidInputException;
import cacherr.domain.error.NotFoundException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Paging;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Batch operations in memory, run step by step: every action, dry runs, cancelling, a stop mid-batch, bad input. */
class BatchUseCasesTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");

    private final InMemoryCacherr memory = InMemoryCacherr.create();
    private final Cacherr app = memory.app();

    private String onArray(String name) {
        String path = "/array/movies/" + name;
        memory.storage().write(path, (name + " contents").getBytes(StandardCharsets.UTF_8));
        return path;
    }

    private CachedFile cached(String name, UserId user) {
        return app.cacheFile().cache(new CacheFileCommand(onArray(name), OperationType.WATCHLIST, user, null,
                CacheMethod.ATOMIC_COPY, null)).file();
    }

    private static StartBatchCommand paths(BatchAction action, List<String> paths, UserId user, boolean dryRun) {
        return new StartBatchCommand(action, paths, null, null, user, null, dryRun, null, null);
    }

    private static StartBatchCommand ids(BatchAction action, List<FileId> ids, UserId user, boolean dryRun) {
        return new StartBatchCommand(action, null, ids, null, user, null, dryRun, null, null);
    }

    private static StartBatchCommand matching(BatchAction action, FileCriteria filter, UserId user, boolean dryRun) {
        return new StartBatchCommand(action, null, null, filter, user, null, dryRun, null, null);
    }

    private BatchDetail detail(BatchOperation batch) {
        return app.batchHistory().batch(batch.id(), 0, 1000);
    }

    private List<ResultStatus> statuses(BatchOperation batch) {
        return detail(batch).results().stream().map(OperationResult::status).toList();
    }

    @Test
    void monitoringSeesABatchRunningFromItsFirstStepToItsEndAndCountsTheFilesItProcessed() {
        String heat = onArray("Heat.mkv");
        String alien = onArray("Alien.mkv");
        BatchOperation started = app.startBatch().start(paths(BatchAction.CACHE, List.of(heat, alien,
                "/array/movies/Missing.mkv"), ALICE, false));

        memory.steps().runNext();
        assertEquals(1, memory.instrumentation().batchesRunning(), "running once its first file was done");
        assertEquals(1, memory.instrumentation().batchFilesProcessed());
        memory.steps().runAll();

        assertEquals(BatchStatus.COMPLETED, detail(started).batch().status());
        assertEquals(0, memory.instrumentation().batchesRunning(), "no longer running once it ended");
        assertEquals(3, memory.instrumentation().batchFilesProcessed(), "two cached and one failed");
    }

    @Test
    void aCacheBatchRunsInTheBackgroundAFileAStepWithBoundedConcurrency() {
        String heat = onArray("Heat.mkv");
        String alien = onArray("Alien.mkv");
        String up = onArray("Up.mkv");

        BatchOperation started = app.startBatch().start(paths(BatchAction.CACHE, List.of(heat, alien, up,
                "/array/movies/Missing.mkv"), ALICE, false));

        assertEquals(BatchStatus.PENDING, started.status());
        assertEquals(4, started.totalFiles());
        assertTrue(memory.files().findByPath(heat).isEmpty(), "nothing happens in the request that starts it");
        assertEquals(2, memory.steps().queued(), "two files at a time, no more");

        memory.steps().runNext();
        assertEquals(1, app.batchHistory().batch(started.id(), 0, 10).batch().filesProcessed());
        assertEquals(BatchStatus.RUNNING, app.batchHistory().batch(started.id(), 0, 10).batch().status());
        memory.steps().runAll();

        BatchDetail done = detail(started);
        assertEquals(BatchStatus.COMPLETED, done.batch().status());
        assertEquals(List.of(ResultStatus.COMPLETED, ResultStatus.COMPLETED, ResultStatus.COMPLETED,
                ResultStatus.FAILED), statuses(started));
        assertEquals(4, done.batch().filesProcessed());
        assertEquals(3, done.batch().filesSuccessful());
        assertEquals(1, done.batch().filesFailed());
        assertEquals("1 of 4 files failed; each says why", done.batch().errorMessage());
        assertTrue(done.batch().completedAt() != null);
        OperationResult first = done.results().get(0);
        assertEquals("/cache/movies/Heat.mkv", first.destinationPath());
        assertEquals(heat, first.sourcePath());
        assertEquals("cache", first.action().fileOperationType());
        assertEquals(first.fileSizeBytes() + done.results().get(1).fileSizeBytes() + done.results().get(2).fileSizeBytes(),
                done.batch().bytesProcessed());
        assertEquals(done.batch().bytesProcessed(), done.batch().totalSizeBytes(), "sizes learnt as files are placed");
        assertTrue(memory.files().findByPath(heat).orElseThrow().isAttributedTo(ALICE));
        assertTrue(done.results().get(3).errorMessage().contains("Missing.mkv"), done.results().get(3).errorMessage());
        assertEquals(BatchStatus.COMPLETED, memory.batches().find(started.id()).orElseThrow().status(),
                "the history holds the end state");
    }

    @Test
    void anUncacheBatchTakesEveryFileMatchingTheFiltersOffTheCache() {
        CachedFile a = cached("a.mkv", ALICE);
        CachedFile b = cached("b.mkv", ALICE);
        CachedFile c = cached("c.mkv", BOB);
        FileCriteria alices = new FileCriteria(null, ALICE, FileStatus.ACTIVE, null, null, null, null, null);

        BatchOperation batch = app.startBatch().start(matching(BatchAction.UNCACHE, alices, null, false));
        memory.steps().runAll();

        assertEquals(2, batch.totalFiles());
        assertEquals("array_batch", batch.action().operationType());
        assertEquals(FileStatus.REMOVED, app.getFile().get(a.id()).status());
        assertEquals(FileStatus.REMOVED, app.getFile().get(b.id()).status());
        assertEquals(FileStatus.ACTIVE, app.getFile().get(c.id()).status());
        assertFalse(memory.storage().exists(a.cachedPath()));
        assertEquals(List.of(ResultStatus.COMPLETED, ResultStatus.COMPLETED), statuses(batch));
    }

    @Test
    void attachAndDetachBatchesSkipFilesWithNothingToDo() {
        CachedFile a = cached("a.mkv", ALICE);
        CachedFile b = cached("b.mkv", BOB);

        BatchOperation attach = app.startBatch().start(ids(BatchAction.ATTACH_USER, List.of(a.id(), b.id()), BOB, false));
        memory.steps().runAll();
        assertEquals(List.of(ResultStatus.COMPLETED, ResultStatus.SKIPPED), statuses(attach));
        assertEquals(List.of(ALICE, BOB), app.getFile().get(a.id()).users());
        assertEquals(1, detail(attach).batch().filesSkipped());

        BatchOperation detach = app.startBatch().start(ids(BatchAction.DETACH_USER, List.of(a.id(), b.id()), ALICE, false));
        memory.steps().runAll();
        assertEquals(List.of(ResultStatus.COMPLETED, ResultStatus.SKIPPED), statuses(detach));
        assertEquals(List.of(BOB), app.getFile().get(a.id()).users());
        assertEquals(BatchStatus.COMPLETED, detail(detach).batch().status());
    }

    @Test
    void aDryRunSaysWhatWouldHappenToEachFileAndChangesNothing() {
        CachedFile a = cached("a.mkv", ALICE);
        String fresh = onArray("fresh.mkv");
        memory.storage().setInUse(a.filePath(), true);
        int logSize = memory.journal().list(LogFilter.LATEST).items().size();
        Set<String> disk = memory.storage().paths();

        BatchOperation cache = app.startBatch().start(paths(BatchAction.CACHE, List.of(a.filePath(), fresh), ALICE, true));
        BatchOperation uncache = app.startBatch().start(ids(BatchAction.UNCACHE, List.of(a.id()), null, true));
        BatchOperation attach = app.startBatch().start(ids(BatchAction.ATTACH_USER, List.of(a.id()), BOB, true));
        memory.steps().runAll();

        assertTrue(cache.testMode());
        List<OperationResult> cached = detail(cache).results();
        assertEquals(ResultStatus.SKIPPED, cached.get(0).status());
        assertEquals("already cached for alice", cached.get(0).reason());
        assertEquals(ResultStatus.COMPLETED, cached.get(1).status());
        assertEquals("would be placed on the cache (atomic_symlink)", cached.get(1).reason());
        assertEquals("/cache/movies/fresh.mkv", cached.get(1).destinationPath());
        assertEquals("would be postponed: the file is in use (pending_removal)", detail(uncache).results().get(0).reason());
        assertEquals("would be attributed to bob", detail(attach).results().get(0).reason());

        assertTrue(memory.files().findByPath(fresh).isEmpty());
        assertEquals(FileStatus.ACTIVE, app.getFile().get(a.id()).status());
        assertEquals(List.of(ALICE), app.getFile().get(a.id()).users());
        assertEquals(logSize, memory.journal().list(LogFilter.LATEST).items().size(), "not even the audit log");
        assertEquals(disk, memory.storage().paths());
    }

    @Test
    void cancellingKeepsTheFilesDoneAndSkipsTheRest() {
        List<FileId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(cached("f" + i + ".mkv", ALICE).id());

        BatchOperation batch = app.startBatch().start(ids(BatchAction.UNCACHE, ids, null, false));
        memory.steps().runNext();
        memory.steps().runNext();
        BatchOperation cancelled = app.cancelBatch().cancel(batch.id());
        memory.steps().runAll();

        assertEquals(BatchStatus.CANCELLED, cancelled.status());
        assertEquals(List.of(ResultStatus.COMPLETED, ResultStatus.COMPLETED, ResultStatus.SKIPPED, ResultStatus.SKIPPED,
                ResultStatus.SKIPPED), statuses(batch));
        assertEquals("cancelled before its turn", detail(batch).results().get(4).reason());
        assertEquals(FileStatus.REMOVED, app.getFile().get(ids.get(1)).status());
        assertEquals(FileStatus.ACTIVE, app.getFile().get(ids.get(2)).status());
        BatchOperation stored = memory.batches().find(batch.id()).orElseThrow();
        assertEquals(BatchStatus.CANCELLED, stored.status());
        assertEquals(5, stored.filesProcessed());
        assertEquals(3, stored.filesSkipped());
        assertThrows(ConflictException.class, () -> app.cancelBatch().cancel(batch.id()), "cancelled already");
        assertThrows(NotFoundException.class, () -> app.cancelBatch().cancel("no-such-batch"));
    }

    @Test
    void aBatchCutShortByAStopIsMarkedFailedWithEachFilesTrueOutcomeFromTheBooks() {
        List<FileId> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) ids.add(cached("f" + i + ".mkv", ALICE).id());
        BatchOperation batch = app.startBatch().start(ids(BatchAction.UNCACHE, ids, null, false));
        memory.steps().runNext();
        memory.steps().runNext(); // two files removed; their results not yet written to the history
        assertEquals(BatchStatus.RUNNING, memory.batches().find(batch.id()).orElseThrow().status());

        Cacherr restarted = memory.restarted(); // the queued steps are lost with the process
        List<BatchOperation> recovered = restarted.recoverInterruptedBatches().recoverBatches();

        assertEquals(1, recovered.size());
        BatchOperation after = restarted.batchHistory().batch(batch.id(), 0, 10).batch();
        assertEquals(BatchStatus.FAILED, after.status());
        assertTrue(after.errorMessage().startsWith("interrupted: the service stopped"), after.errorMessage());
        List<OperationResult> results = restarted.batchHistory().batch(batch.id(), 0, 10).results();
        assertEquals(List.of(ResultStatus.COMPLETED, ResultStatus.COMPLETED, ResultStatus.SKIPPED, ResultStatus.SKIPPED),
                results.stream().map(OperationResult::status).toList());
        assertEquals("done before the service stopped (the books show it)", results.get(0).reason());
        assertEquals(4, after.filesProcessed());
        assertEquals(2, after.filesSuccessful());
        assertTrue(restarted.recoverInterruptedBatches().recoverBatches().isEmpty(), "recovered once");
    }

    @Test
    void afterAStopAFileAlreadySoBeforeTheBatchIsSkippedNotCreditedToIt() {
        CachedFile early = cached("early.mkv", ALICE); // already cached for alice: the batch skips it
        CachedFile bobs = cached("bobs.mkv", BOB); // cached for bob: the batch adds alice
        memory.clock().advance(Duration.ofMinutes(1));
        BatchOperation batch = app.startBatch().start(paths(BatchAction.CACHE, List.of(early.filePath(),
                bobs.filePath(), onArray("new.mkv"), onArray("late.mkv")), ALICE, false));
        memory.clock().advance(Duration.ofSeconds(1));
        memory.steps().runNext();
        memory.steps().runNext();
        memory.steps().runNext(); // three files dealt with; none of their results written to the history yet

        Cacherr restarted = memory.restarted();
        restarted.recoverInterruptedBatches().recoverBatches();

        List<OperationResult> results = restarted.batchHistory().batch(batch.id(), 0, 10).results();
        assertEquals(List.of(ResultStatus.SKIPPED, ResultStatus.COMPLETED, ResultStatus.COMPLETED,
                ResultStatus.SKIPPED), results.stream().map(OperationResult::status).toList());
        assertEquals("already so before the batch began (the books show it): nothing to do", results.get(0).reason());
        assertTrue(results.get(3).reason().startsWith("not done: the service stopped"), results.get(3).reason());
        BatchOperation after = restarted.batchHistory().batch(batch.id(), 0, 1).batch();
        assertEquals(2, after.filesSuccessful());
        assertEquals(2, after.filesSkipped());
    }

    @Test
    void badInputIsRefusedAndNothingStarts() {
        CachedFile a = cached("a.mkv", ALICE);
        assertThrows(InvalidInputException.class, () -> paths(BatchAction.CACHE, List.of(), null, false));
        assertThrows(InvalidInputException.class, () -> BatchAction.parseStartable("explode"));
        assertThrows(InvalidInputException.class, () -> BatchAction.parseStartable("cleanup"), "recorded, not started");
        assertThrows(InvalidInputException.class, () -> paths(BatchAction.CACHE,
                Collections.nCopies(StartBatchCommand.MAX_FILES + 1, "/array/movies/a.mkv"), null, false));
        assertThrows(InvalidInputException.class, () -> ids(BatchAction.ATTACH_USER, List.of(a.id()), null, false),
                "attach needs its user");
        InvalidInputException none = assertThrows(InvalidInputException.class, () -> app.startBatch().start(matching(
                BatchAction.UNCACHE, new FileCriteria(null, BOB, null, null, null, null, null, null), null, false)));
        assertEquals("no file matches the filters: nothing to do", none.getMessage());
        assertThrows(NotFoundException.class, () -> app.startBatch().start(ids(BatchAction.UNCACHE,
                List.of(a.id(), new FileId("nope")), null, false)));
        assertThrows(NotFoundException.class, () -> app.startBatch().start(paths(BatchAction.UNCACHE,
                List.of("/array/movies/never.mkv"), null, false)));
        assertEquals(0, memory.steps().queued());
        assertEquals(0, memory.batches().list(BatchFilter.LATEST).total());
    }

    @Test
    void listenersHearEachFileAndTheProgressInOrder() throws Exception {
        String a = onArray("a.mkv");
        String b = onArray("b.mkv");
        List<String> heard = new ArrayList<>();
        AutoCloseable watching = app.watchBatches().watch(new BatchListener() {
            @Override
            public void progress(BatchProgress progress) {
                heard.add("progress " + progress.batch().filesProcessed() + "/" + progress.batch().totalFiles() + " "
                        + progress.batch().status().code() + " " + progress.currentFile() + " eta "
                        + progress.estimatedSecondsRemaining());
            }

            @Override
            public void fileUpdated(OperationResult result) {
                heard.add("file " + result.filename() + " " + result.status().code());
            }
        });
        app.startBatch().start(new StartBatchCommand(BatchAction.CACHE, List.of(a, b), null, null, ALICE, null, false,
                null, null));
        memory.clock().advance(Duration.ofSeconds(10));
        memory.steps().runNext();
        memory.steps().runAll();
        watching.close();

        assertEquals(List.of("progress 0/2 pending null eta null",
                "file a.mkv processing", "file a.mkv completed", "progress 1/2 running /array/movies/a.mkv eta 10",
                "file b.mkv processing", "file b.mkv completed", "progress 2/2 running /array/movies/b.mkv eta 0",
                "progress 2/2 completed null eta 0"), heard);
    }

    @Test
    void cleanupVerifyAndPurgeAppearInTheHistoryAsBatches() {
        CachedFile lost = cached("a.mkv", ALICE);
        memory.storage().delete(lost.cachedPath());

        app.cleanup().cleanup(new CleanupCommand(false, false, new UserId("system")));
        app.purgeRemoved().purgeRemovedOlderThan(30);

        List<BatchOperation> history = app.batchHistory().batches(BatchFilter.LATEST).items();
        assertEquals(Set.of("cleanup_batch", "purge_batch"),
                Set.of(history.get(0).action().operationType(), history.get(1).action().operationType()));
        BatchOperation cleanup = history.stream().filter(b -> b.action() == BatchAction.CLEANUP).findFirst().orElseThrow();
        assertEquals(BatchStatus.COMPLETED, cleanup.status());
        assertEquals(new UserId("system"), cleanup.triggeredByUser());
        assertEquals(1, cleanup.filesSuccessful());
        OperationResult change = detail(cleanup).results().get(0);
        assertEquals(lost.filePath(), change.filePath());
        assertTrue(change.reason().startsWith("active → orphaned"), change.reason());
        assertEquals(1, app.batchHistory().batches(new BatchFilter(null, BatchAction.CLEANUP, null, null, false,
                Paging.FIRST)).total());
    }

    @Test
    void theListShowsActiveBatchesOnlyWhenAsked() {
        CachedFile a = cached("a.mkv", ALICE);
        BatchOperation running = app.startBatch().start(ids(BatchAction.ATTACH_USER, List.of(a.id()), BOB, false));
        app.cleanup().cleanup(new CleanupCommand(false, false, null));

        BatchFilter active = new BatchFilter(null, null, null, null, true, Paging.FIRST);
        assertEquals(List.of(running.id()), app.batchHistory().batches(active).items().stream().map(BatchOperation::id)
                .toList());
        memory.steps().runAll();
        assertEquals(0, app.batchHistory().batches(active).total());
        assertEquals(2, app.batchHistory().batches(BatchFilter.LATEST).total());
    }
}
