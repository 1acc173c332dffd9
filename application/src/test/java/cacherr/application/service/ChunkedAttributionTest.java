package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.StartBatchCommand;
import cacherr.application.port.out.IdGenerator;
import cacherr.application.port.out.Transactions;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.batch.ResultStatus;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.FileId;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.LogFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A batch's attach and detach, several files per transaction, and what ends a transaction early. */
class ChunkedAttributionTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId FAMILY = new UserId("family");

    private final InMemoryCacherr memory = InMemoryCacherr.create();
    private final Cacherr app = memory.app();

    private List<FileId> cachedFiles(int count) {
        List<FileId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = "/array/movies/f" + i + ".mkv";
            memory.storage().write(path, ("f" + i).getBytes(StandardCharsets.UTF_8));
            ids.add(app.cacheFile().cache(new CacheFileCommand(path, OperationType.WATCHLIST, ALICE, null,
                    CacheMethod.ATOMIC_COPY, null)).file().id());
        }
        return ids;
    }

    private static StartBatchCommand attach(List<FileId> ids) {
        return new StartBatchCommand(BatchAction.ATTACH_USER, null, ids, null, FAMILY, null, false, null, null);
    }

    @Test
    void aStepOfAnAttachBatchDoesAChunkOfFilesEachWithItsAuditEntry() {
        List<FileId> ids = cachedFiles(ChunkedAttribution.MAX_FILES + 30);
        long logBefore = memory.journal().list(LogFilter.LATEST).total();
        BatchOperation batch = app.startBatch().start(attach(ids));

        memory.steps().runNext(); // one step: one chunk
        assertTrue(app.getFile().get(ids.get(ChunkedAttribution.MAX_FILES - 1)).isAttributedTo(FAMILY));
        assertFalse(app.getFile().get(ids.get(ChunkedAttribution.MAX_FILES)).isAttributedTo(FAMILY),
                "the next chunk is the next step's");
        memory.steps().runAll();

        List<OperationResult> results = app.batchHistory().batch(batch.id(), 0, 1000).results();
        assertTrue(results.stream().allMatch(r -> r.status() == ResultStatus.COMPLETED));
        assertEquals("attributed to family", results.get(0).reason());
        assertTrue(ids.stream().allMatch(id -> app.getFile().get(id).isAttributedTo(FAMILY)));
        assertEquals(logBefore + ids.size(), memory.journal().list(LogFilter.LATEST).total(),
                "one audit entry per file, as for the single-file use case");
    }

    @Test
    void anAttachBatchStoppedBetweenChunksIsRecoveredWithEachFilesTrueOutcome() {
        List<FileId> ids = cachedFiles(ChunkedAttribution.MAX_FILES + 50);
        FileId already = ids.get(ChunkedAttribution.MAX_FILES + 20);
        app.attributeUser().attribute(new cacherr.application.port.in.AttributeUserCommand(already, FAMILY, null));
        memory.clock().advance(java.time.Duration.ofMinutes(1));
        BatchOperation batch = app.startBatch().start(attach(ids));
        memory.clock().advance(java.time.Duration.ofSeconds(1));
        memory.steps().runNext(); // the first chunk; the service stops before the next

        Cacherr restarted = memory.restarted();
        restarted.recoverInterruptedBatches().recoverBatches();

        List<OperationResult> results = restarted.batchHistory().batch(batch.id(), 0, 1000).results();
        for (int i = 0; i < ids.size(); i++) {
            ResultStatus expected = i < ChunkedAttribution.MAX_FILES ? ResultStatus.COMPLETED : ResultStatus.SKIPPED;
            assertEquals(expected, results.get(i).status(), "#" + i + " " + results.get(i).reason());
            assertEquals(i < ChunkedAttribution.MAX_FILES || ids.get(i).equals(already),
                    restarted.getFile().get(ids.get(i)).isAttributedTo(FAMILY), "#" + i + " in the books");
        }
        assertEquals("already so before the batch began (the books show it): nothing to do",
                results.get(ChunkedAttribution.MAX_FILES + 20).reason());
        assertTrue(results.get(ChunkedAttribution.MAX_FILES).reason().startsWith("not done"));
        BatchOperation after = restarted.batchHistory().batch(batch.id(), 0, 1).batch();
        assertEquals(ChunkedAttribution.MAX_FILES, after.filesSuccessful());
        assertEquals(50, after.filesSkipped());
    }

    @Test
    void aTransactionEndsAfterEachFileWhileASingleFileWriteWaits() {
        List<FileId> ids = cachedFiles(5);
        Counting transactions = new Counting(memory.bookkeeping().transactions(), false);
        ChunkedAttribution chunks = new ChunkedAttribution(context(transactions), () -> true);
        List<OperationResult> done = chunks.run(started(ids), attach(ids), r -> {
            throw new AssertionError("not refused");
        }, () -> false);
        assertEquals(5, transactions.outermost, "one transaction per file");
        assertTrue(done.stream().allMatch(r -> r.status() == ResultStatus.COMPLETED));

        Counting quiet = new Counting(memory.bookkeeping().transactions(), false);
        List<FileId> more = cachedFiles(7).subList(5, 7);
        new ChunkedAttribution(context(quiet), () -> false).run(started(more), attach(more), r -> r, () -> false);
        assertEquals(1, quiet.outermost, "with nobody waiting, one transaction for the chunk");
    }

    @Test
    void aTransactionTheStoreRefusesHoldsNothingAndItsFilesAreDoneOneByOne() {
        List<FileId> ids = cachedFiles(3);
        Counting refusing = new Counting(memory.bookkeeping().transactions(), true);
        List<OperationResult> redone = new ArrayList<>();
        List<OperationResult> done = new ChunkedAttribution(context(refusing), () -> false).run(started(ids),
                attach(ids), r -> {
                    redone.add(r);
                    return r.skipped(memory.clock().now(), "redone alone");
                }, () -> false);
        assertEquals(3, redone.size());
        assertTrue(done.stream().allMatch(r -> r.reason().equals("redone alone")));
        assertTrue(ids.stream().noneMatch(id -> app.getFile().get(id).isAttributedTo(FAMILY)), "nothing held");
    }

    @Test
    void aCancelBetweenTransactionsSkipsTheFilesNotBegun() {
        List<FileId> ids = cachedFiles(4);
        boolean[] cancelled = {false};
        Counting transactions = new Counting(memory.bookkeeping().transactions(), false);
        List<OperationResult> done = new ChunkedAttribution(context(transactions), () -> {
            cancelled[0] = true; // a single-file write waits, and meanwhile the batch is cancelled
            return true;
        }).run(started(ids), attach(ids), r -> r, () -> cancelled[0]);
        assertEquals(List.of(ResultStatus.COMPLETED, ResultStatus.SKIPPED, ResultStatus.SKIPPED, ResultStatus.SKIPPED),
                done.stream().map(OperationResult::status).toList());
        assertEquals("cancelled before its turn", done.get(3).reason());
    }

    private Context context(Transactions transactions) {
        return new Context(memory.bookkeeping().files(), memory.bookkeeping().journal(), transactions,
                memory.storage(), memory.clock(), IdGenerator.randomUuids(), CacheSettings.DEFAULTS);
    }

    private List<OperationResult> started(List<FileId> ids) {
        List<OperationResult> started = new ArrayList<>();
        for (FileId id : ids) {
            started.add(OperationResult.pending("r" + started.size(), "batch", started.size(), id,
                    "/array/movies/x.mkv", "/array/movies/x.mkv", null, BatchAction.ATTACH_USER, FAMILY, 0)
                    .processing(memory.clock().now()));
        }
        return started;
    }

    /** Counts outermost write transactions; when {@code refuse}, fails each after its work, as a refused commit. */
    private static final class Counting implements Transactions {
        private final Transactions store;
        private final boolean refuse;
        private int depth;
        int outermost;

        Counting(Transactions store, boolean refuse) {
            this.store = store;
            this.refuse = refuse;
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            if (depth++ == 0) outermost++;
            try {
                return store.inTransaction(() -> {
                    T result = work.get();
                    if (refuse && depth == 1) throw new IllegalStateException("the store refused the commit");
                    return result;
                });
            } finally {
                depth--;
            }
        }

        @Override
        public <T> T readOnly(Supplier<T> work) {
            return store.readOnly(work);
        }
    }
}
