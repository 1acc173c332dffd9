package cacherr.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.BatchOperations;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.BatchFilter;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.BatchStatus;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.batch.ResultStatus;
import cacherr.domain.file.FileId;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.UserId;
import cacherr.domain.query.Page;
import cacherr.domain.query.Paging;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every adapter of {@link BatchOperations} must do. Subclasses hand over an empty store for each test. */
public abstract class BatchOperationsContract {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456Z");
    private static final UserId ALICE = new UserId("alice");

    protected BatchOperations store;

    protected abstract BatchOperations emptyStore();

    @BeforeEach
    void openStore() {
        store = emptyStore();
    }

    private static BatchOperation aBatch(String id, BatchAction action, UserId user, Instant startedAt, int files) {
        return BatchOperation.pending(id, action, false, "api", user, "because", startedAt, files, 100L * files,
                new Metadata("{\"selected_by\":\"ids\"}"));
    }

    private static List<OperationResult> resultsOf(BatchOperation batch) {
        List<OperationResult> results = new ArrayList<>();
        for (int i = 0; i < batch.totalFiles(); i++) {
            results.add(OperationResult.pending(batch.id() + "-r" + i, batch.id(), i, i % 2 == 0 ? new FileId("f" + i) : null,
                    "/array/movies/F" + i + ".mkv", "/array/movies/F" + i + ".mkv", i % 2 == 0 ? "/cache/movies/F" + i + ".mkv" : null,
                    batch.action(), batch.triggeredByUser(), 100));
        }
        return results;
    }

    @Test
    void aBatchAndItsResultsReadBackAsSavedEveryField() {
        BatchOperation batch = aBatch("b1", BatchAction.CACHE, ALICE, T0, 3);
        List<OperationResult> results = resultsOf(batch);
        store.save(batch);
        store.saveResults(results);

        assertEquals(batch, store.find("b1").orElseThrow());
        assertEquals(results, store.results("b1", 0, 10));

        OperationResult done = results.get(1).processing(T0.plusSeconds(1)).completed(T0.plusSeconds(2), "placed",
                new FileId("f1"), null, "/cache/movies/F1.mkv", 123);
        OperationResult failed = results.get(2).processing(T0.plusSeconds(1)).failed(T0.plusSeconds(3), "disk full");
        BatchOperation counted = batch.running().counted(ResultStatus.COMPLETED, 123, 0)
                .counted(ResultStatus.FAILED, 100, 0);
        store.saveResults(List.of(done, failed));
        store.save(counted);

        assertEquals(List.of(results.get(0), done, failed), store.results("b1", 0, 10));
        assertEquals(List.of(done), store.results("b1", 1, 1));
        assertEquals(counted, store.find("b1").orElseThrow());
        assertTrue(store.find("nope").isEmpty());
        assertEquals(List.of(), store.results("nope", 0, 10));
    }

    @Test
    void theListIsNewestFirstFilteredAndPaged() {
        BatchOperation oldest = aBatch("b1", BatchAction.CACHE, ALICE, T0, 1);
        BatchOperation middle = aBatch("b2", BatchAction.UNCACHE, null, T0.plusSeconds(60), 1);
        BatchOperation newest = aBatch("b3", BatchAction.CACHE, new UserId("bob"), T0.plusSeconds(120), 1);
        for (BatchOperation b : List.of(middle, newest, oldest)) store.save(b);
        store.save(middle.running().counted(ResultStatus.COMPLETED, 100, 0).finished(T0.plusSeconds(61)));

        Page<BatchOperation> all = store.list(BatchFilter.LATEST);
        assertEquals(List.of("b3", "b2", "b1"), all.items().stream().map(BatchOperation::id).toList());
        assertEquals(3, all.total());
        assertEquals(List.of("b2"), ids(store.list(new BatchFilter(null, null, null, null, false, new Paging(1, 1)))));
        assertEquals(List.of("b1"), ids(store.list(new BatchFilter(ALICE, null, null, null, false, Paging.FIRST))));
        assertEquals(List.of("b3", "b1"),
                ids(store.list(new BatchFilter(null, BatchAction.CACHE, null, null, false, Paging.FIRST))));
        assertEquals(List.of("b3", "b1"), ids(store.list(new BatchFilter(null, null, null, null, true, Paging.FIRST))),
                "active only");
        assertEquals(List.of("b2"), ids(store.list(new BatchFilter(null, null, T0.plusSeconds(30), T0.plusSeconds(60),
                false, Paging.FIRST))), "dates inclusive");
        assertEquals(List.of("b1", "b3"), store.unfinished().stream().map(BatchOperation::id).toList());
        assertEquals(BatchStatus.COMPLETED, store.find("b2").orElseThrow().status());
    }

    @Test
    void manyResultsAreKeptInTheirOrder() {
        BatchOperation batch = aBatch("big", BatchAction.ATTACH_USER, ALICE, T0, 2500);
        store.save(batch);
        List<OperationResult> results = resultsOf(batch);
        for (int from = 0; from < results.size(); from += 1000) {
            store.saveResults(results.subList(from, Math.min(from + 1000, results.size())));
        }
        List<OperationResult> page = store.results("big", 2400, 1000);
        assertEquals(100, page.size());
        assertEquals(2400, page.get(0).position());
        assertEquals(2499, page.get(99).position());
    }

    private static List<String> ids(Page<BatchOperation> page) {
        return page.items().stream().map(BatchOperation::id).toList();
    }
}
