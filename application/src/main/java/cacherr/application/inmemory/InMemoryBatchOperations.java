package cacherr.application.inmemory;

import cacherr.application.port.out.BatchOperations;
import cacherr.domain.batch.BatchFilter;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.query.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The batch history in memory: batches by id, each batch's results by position. Thread-safe. */
public final class InMemoryBatchOperations implements BatchOperations {
    private static final Comparator<BatchOperation> NEWEST_FIRST =
            Comparator.comparing(BatchOperation::startedAt).reversed().thenComparing(BatchOperation::id);

    private final Map<String, BatchOperation> batches = new HashMap<>();
    private final Map<String, TreeMap<Integer, OperationResult>> results = new HashMap<>();

    @Override
    public synchronized void save(BatchOperation batch) {
        batches.put(batch.id(), batch);
    }

    @Override
    public synchronized void saveResults(List<OperationResult> changed) {
        for (OperationResult result : changed) {
            TreeMap<Integer, OperationResult> ofBatch = results.computeIfAbsent(result.operationId(), id -> new TreeMap<>());
            OperationResult before = ofBatch.get(result.position());
            if (before != null && !before.id().equals(result.id())) {
                throw new IllegalStateException("result " + result.id() + " would replace " + before.id()
                        + " at position " + result.position() + " of batch " + result.operationId());
            }
            ofBatch.put(result.position(), result);
        }
    }

    @Override
    public synchronized Optional<BatchOperation> find(String id) {
        return Optional.ofNullable(batches.get(id));
    }

    @Override
    public synchronized Page<BatchOperation> list(BatchFilter filter) {
        List<BatchOperation> matching = batches.values().stream().filter(filter::matches).sorted(NEWEST_FIRST).toList();
        int from = Math.min(filter.paging().offset(), matching.size());
        int to = Math.min(from + filter.paging().limit(), matching.size());
        return new Page<>(matching.subList(from, to), matching.size(), filter.paging().limit(), filter.paging().offset());
    }

    @Override
    public synchronized List<OperationResult> results(String id, int offset, int limit) {
        List<OperationResult> page = new ArrayList<>();
        for (OperationResult result : results.getOrDefault(id, new TreeMap<>()).tailMap(offset, true).values()) {
            if (page.size() == limit) break;
            page.add(result);
        }
        return page;
    }

    @Override
    public synchronized List<BatchOperation> unfinished() {
        return batches.values().stream().filter(b -> b.status().active())
                .sorted(Comparator.comparing(BatchOperation::startedAt).thenComparing(BatchOperation::id)).toList();
    }
}
