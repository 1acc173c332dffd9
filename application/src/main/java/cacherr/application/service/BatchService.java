package cacherr.application.service;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.application.port.in.AttributeUserCommand;
import cacherr.application.port.in.BatchDetail;
import cacherr.application.port.in.BatchHistoryUseCase;
import cacherr.application.port.in.BatchListener;
import cacherr.application.port.in.BatchProgress;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.CacheResult;
import cacherr.application.port.in.CancelBatchUseCase;
import cacherr.application.port.in.DetachUserCommand;
import cacherr.application.port.in.RecoverInterruptedBatchesUseCase;
import cacherr.application.port.in.StartBatchCommand;
import cacherr.application.port.in.StartBatchUseCase;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.in.UncacheResult;
import cacherr.application.port.in.WatchBatchesUseCase;
import cacherr.application.port.out.BatchExecutor;
import cacherr.application.port.out.BatchOperations;
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
import cacherr.domain.file.Metadata;
import cacherr.domain.file.Placement;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Batch operations: many files, one operation, run in the background a file per step through {@link BatchExecutor},
 * at most {@code concurrency} steps of a batch at once. Each file goes through the same use case as a single request
 * (so the same locks, journal and audit log) — but for an attach or a detach, which does a chunk of files per step and
 * several per transaction ({@link ChunkedAttribution}). Every write of a batch gives way to the single-file writes
 * ({@link ForegroundFirst}). The batch keeps the per-file results and totals, writing them to {@link BatchOperations}
 * every {@link #FLUSH_EVERY} files and when it ends. After a stop, what the books say is the truth:
 * {@link #recoverBatches()} reads each unfinished file's outcome from them ({@link BatchRecovery}).
 */
public final class BatchService implements StartBatchUseCase, CancelBatchUseCase, BatchHistoryUseCase,
        WatchBatchesUseCase, RecoverInterruptedBatchesUseCase {
    static final int FLUSH_EVERY = 50;
    private static final int CHUNK = 1000;

    private final Context ctx;
    private final BatchOperations store;
    private final BatchExecutor executor;
    private final int concurrency;
    private final CachingService caching;
    private final AttributionService attribution;
    private final Removal removal;
    private final ChunkedAttribution chunks;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final List<BatchListener> listeners = new CopyOnWriteArrayList<>();

    public BatchService(Context ctx, BatchOperations store, BatchExecutor executor, int concurrency,
                        CachingService caching, AttributionService attribution) {
        require(concurrency >= 1 && concurrency <= 64, "batch concurrency must be between 1 and 64, not " + concurrency);
        this.ctx = ctx;
        this.store = store;
        this.executor = executor;
        this.concurrency = concurrency;
        this.caching = caching;
        this.attribution = attribution;
        this.removal = new Removal(ctx);
        this.chunks = new ChunkedAttribution(ctx, ctx.priority::foregroundWaiting);
    }

    // ---- starting ----

    @Override
    public BatchOperation start(StartBatchCommand command) {
        List<Target> targets = targets(command);
        Instant now = ctx.clock.now();
        String id = ctx.ids.newId();
        List<OperationResult> results = new ArrayList<>(targets.size());
        long totalBytes = 0;
        for (Target target : targets) {
            CachedFile file = target.file;
            long size = file == null ? 0 : file.sizeBytes();
            totalBytes += size;
            results.add(OperationResult.pending(ctx.ids.newId(), id, results.size(), file == null ? null : file.id(),
                    target.path, file == null ? target.path : file.originalPath(),
                    file == null ? null : file.cachedPath(), command.action(), command.user(), size));
        }
        BatchOperation batch = BatchOperation.pending(id, command.action(), command.testMode(), "api", command.user(),
                command.reason() == null ? defaultReason(command) : command.reason(), now, results.size(), totalBytes,
                metadata(command));
        store.save(batch);
        for (int from = 0; from < results.size(); from += CHUNK) {
            store.saveResults(results.subList(from, Math.min(from + CHUNK, results.size())));
        }
        Run run = new Run(batch, command, results);
        runs.put(id, run);
        fire(new BatchProgress(batch, null, null));
        run.workers = Math.min(concurrency, results.size());
        for (int i = 0; i < run.workers; i++) submit(run);
        return batch;
    }

    private static String defaultReason(StartBatchCommand command) {
        return (command.testMode() ? "dry run: " : "") + command.action().code().replace('_', ' ') + " "
                + (command.filter() != null ? "the files matching the filters" : "the files listed");
    }

    private static Metadata metadata(StartBatchCommand command) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("action", command.action().code());
        details.put("selected_by", command.filter() != null ? "filters" : command.ids().isEmpty() ? "paths" : "ids");
        if (command.user() != null) details.put("user_id", command.user().value());
        if (command.action() == BatchAction.CACHE) details.put("triggered_by_operation", command.operation().code());
        if (command.method() != null) details.put("cache_method", command.method().code());
        return new Metadata(JsonText.object(details));
    }

    private record Target(String path, CachedFile file) {
    }

    /** The files of a batch; explicit ones must all be known (a cache may name paths not in the books yet). */
    private List<Target> targets(StartBatchCommand command) {
        List<Target> targets = new ArrayList<>();
        if (!command.paths().isEmpty()) {
            for (String path : new LinkedHashSet<>(command.paths())) {
                CachedFile file = ctx.transactions.readOnly(() -> ctx.files.findByPath(path)).orElse(null);
                if (file == null && command.action() != BatchAction.CACHE) {
                    throw new NotFoundException("no cached file has the path " + path + ": nothing was started");
                }
                targets.add(new Target(path, file));
            }
        } else if (!command.ids().isEmpty()) {
            for (FileId id : new LinkedHashSet<>(command.ids())) {
                CachedFile file = ctx.transactions.readOnly(() -> ctx.files.findById(id))
                        .orElseThrow(() -> new NotFoundException("no cached file has the id " + id
                                + ": nothing was started"));
                targets.add(new Target(file.filePath(), file));
            }
        } else {
            try {
                ctx.transactions.readOnly(() -> ctx.files.forEach(command.filter(), FileSort.NEWEST_FIRST, file -> {
                    if (targets.size() == StartBatchCommand.MAX_FILES) throw new TooMany();
                    targets.add(new Target(file.filePath(), file));
                }));
            } catch (TooMany tooMany) {
                throw new InvalidInputException("the filters match more than " + StartBatchCommand.MAX_FILES
                        + " files, the most one batch holds: narrow them");
            }
            if (targets.isEmpty()) throw new InvalidInputException("no file matches the filters: nothing to do");
        }
        return targets;
    }

    private static final class TooMany extends RuntimeException {
        TooMany() {
            super(null, null, false, false);
        }
    }

    // ---- running: one file per step ----

    /** A batch in progress; every field is guarded by the run itself. */
    private static final class Run {
        BatchOperation batch;
        final StartBatchCommand command;
        final List<OperationResult> results;
        final TreeSet<Integer> unsaved = new TreeSet<>();
        int next;
        int inFlight;
        int workers;
        boolean cancelled;
        boolean ended;

        Run(BatchOperation batch, StartBatchCommand command, List<OperationResult> results) {
            this.batch = batch;
            this.command = command;
            this.results = results;
        }
    }

    /**
     * One step: a file, or for an attach or a detach up to {@link ChunkedAttribution#MAX_FILES} files (see there). The
     * files are taken in order under the run's lock and done outside it.
     */
    private void step(Run run) {
        int first;
        List<OperationResult> started = new ArrayList<>();
        boolean chunked = ChunkedAttribution.applies(run.command);
        synchronized (run) {
            if (run.ended) return;
            if (run.cancelled || run.next >= run.results.size()) {
                run.workers--;
                if (run.inFlight == 0) end(run);
                return;
            }
            first = run.next;
            int count = chunked ? Math.min(ChunkedAttribution.MAX_FILES, run.results.size() - first) : 1;
            Instant now = ctx.clock.now();
            for (int index = first; index < first + count; index++) {
                OperationResult processing = run.results.get(index).processing(now);
                run.results.set(index, processing);
                started.add(processing);
            }
            run.next += count;
            run.inFlight += count;
            if (run.batch.status() == BatchStatus.PENDING) {
                run.batch = run.batch.running();
                BatchOperation running = run.batch;
                ctx.transactions.run(() -> store.save(running));
            }
        }
        started.forEach(this::fireFile);
        List<OperationResult> done = chunked
                ? chunks.run(started, run.command, result -> perform(result, run.command), () -> cancelled(run))
                : List.of(run.command.testMode() ? preview(started.get(0), run.command)
                        : perform(started.get(0), run.command));
        BatchProgress progress;
        synchronized (run) {
            for (int i = 0; i < done.size(); i++) {
                OperationResult result = done.get(i);
                run.results.set(first + i, result);
                run.inFlight--;
                long newlyKnown = started.get(i).fileSizeBytes() == 0 ? result.fileSizeBytes() : 0;
                run.batch = run.batch.counted(result.status(), result.status() == ResultStatus.SKIPPED ? 0
                        : result.fileSizeBytes(), newlyKnown);
                run.unsaved.add(first + i);
            }
            if (run.unsaved.size() >= FLUSH_EVERY) flush(run);
            progress = new BatchProgress(run.batch, done.get(done.size() - 1).filePath(),
                    remainingSeconds(run.batch));
        }
        done.forEach(this::fireFile);
        fire(progress);
        submit(run);
    }

    private static boolean cancelled(Run run) {
        synchronized (run) {
            return run.cancelled;
        }
    }

    /** The run's next step; refused when the executor is shutting down, the batch is then left for recovery. */
    private void submit(Run run) {
        try {
            executor.execute(() -> ctx.priority.inBackground(() -> {
                step(run);
                return null;
            }));
        } catch (RuntimeException refused) {
            synchronized (run) {
                run.workers--;
                if (run.unsaved.size() > 0) flush(run);
            }
        }
    }

    private Long remainingSeconds(BatchOperation batch) {
        if (batch.filesProcessed() == 0) return null;
        long elapsed = Duration.between(batch.startedAt(), ctx.clock.now()).toMillis();
        long remaining = (long) batch.totalFiles() - batch.filesProcessed();
        return Math.max(0, elapsed * remaining / batch.filesProcessed() / 1000);
    }

    /** Called with the run's lock held, once no file of it is in flight. */
    private void end(Run run) {
        if (run.ended) return;
        run.ended = true;
        Instant now = ctx.clock.now();
        if (run.cancelled) {
            run.batch = run.batch.cancelled(now, "cancelled: " + run.batch.filesSuccessful() + " files done stay done,"
                    + " the rest were skipped");
        } else {
            run.batch = run.batch.finished(now);
        }
        flush(run);
        runs.remove(run.batch.id());
        fire(new BatchProgress(run.batch, null, 0L));
    }

    /**
     * Writes the results changed since the last flush and the totals, a chunk per transaction. Through the use cases'
     * transactions, so that from a batch thread they give way to single-file writes as the files' own writes do.
     */
    private void flush(Run run) {
        List<OperationResult> changed = new ArrayList<>(run.unsaved.size());
        for (int index : run.unsaved) changed.add(run.results.get(index));
        BatchOperation totals = run.batch;
        for (int from = 0; from < changed.size(); from += CHUNK) {
            List<OperationResult> chunk = changed.subList(from, Math.min(from + CHUNK, changed.size()));
            boolean last = from + CHUNK >= changed.size();
            ctx.transactions.run(() -> {
                store.saveResults(chunk);
                if (last) store.save(totals); // with the last results: totals and results agree after a stop
            });
        }
        if (changed.isEmpty()) ctx.transactions.run(() -> store.save(totals));
        run.unsaved.clear();
    }

    // ---- one file, for real ----

    private OperationResult perform(OperationResult result, StartBatchCommand command) {
        try {
            return switch (result.action()) {
                case CACHE -> cache(result, command);
                case UNCACHE -> uncache(result, command);
                case ATTACH_USER -> attach(result, command);
                case DETACH_USER -> detach(result, command);
                default -> throw new IllegalStateException(result.action() + " is not run file by file");
            };
        } catch (RuntimeException failure) {
            return result.failed(ctx.clock.now(), Audit.describe(failure));
        }
    }

    private OperationResult cache(OperationResult result, StartBatchCommand command) {
        CacheResult cached = caching.cache(new CacheFileCommand(result.filePath(), command.operation(), command.user(),
                command.reason(), command.method(), null));
        CachedFile file = cached.file();
        Instant now = ctx.clock.now();
        if (cached.outcome() == CacheResult.Outcome.UNCHANGED) {
            return result.skipped(now, "already cached" + forUser(command.user()));
        }
        String why = switch (cached.outcome()) {
            case PLACED -> "placed on the cache (" + file.cacheMethod().code() + ")";
            case PLACED_AGAIN -> "placed on the cache again (" + file.cacheMethod().code() + ")";
            default -> "already cached; " + command.user() + " was added to it";
        };
        return result.completed(now, cached.note() == null ? why : why + "; " + cached.note(), file.id(),
                file.originalPath(), file.cachedPath(), file.sizeBytes());
    }

    private OperationResult uncache(OperationResult result, StartBatchCommand command) {
        CachedFile file = ctx.existing(result.fileId());
        if (file.status() == FileStatus.REMOVED) return result.skipped(ctx.clock.now(), "already off the cache");
        UncacheResult done = caching.uncache(new UncacheCommand(file.id(), command.reason(), command.user()));
        return result.completed(ctx.clock.now(), done.postponed()
                        ? "in use: its removal is postponed until it is free (pending_removal)"
                        : "taken off the cache; the original is in place", file.id(), null, null, file.sizeBytes());
    }

    private OperationResult attach(OperationResult result, StartBatchCommand command) {
        CachedFile file = ctx.existing(result.fileId());
        if (file.isAttributedTo(command.user())) {
            return result.skipped(ctx.clock.now(), "already attributed to " + command.user());
        }
        attribution.attribute(new AttributeUserCommand(file.id(), command.user(), command.reason()));
        return result.completed(ctx.clock.now(), "attributed to " + command.user(), file.id(), null, null,
                file.sizeBytes());
    }

    private OperationResult detach(OperationResult result, StartBatchCommand command) {
        CachedFile file = ctx.existing(result.fileId());
        if (!file.isAttributedTo(command.user())) {
            return result.skipped(ctx.clock.now(), "not attributed to " + command.user());
        }
        attribution.detach(new DetachUserCommand(file.id(), command.user()));
        return result.completed(ctx.clock.now(), "detached " + command.user(), file.id(), null, null,
                file.sizeBytes());
    }

    private static String forUser(UserId user) {
        return user == null ? "" : " for " + user;
    }

    // ---- one file, in a dry run: what would happen, nothing changed ----

    private OperationResult preview(OperationResult result, StartBatchCommand command) {
        Instant now = ctx.clock.now();
        try {
            CachedFile file = result.fileId() == null
                    ? ctx.transactions.readOnly(() -> ctx.files.findByPath(result.filePath())).orElse(null)
                    : ctx.transactions.readOnly(() -> ctx.files.findById(result.fileId())).orElse(null);
            return switch (result.action()) {
                case CACHE -> previewCache(result, command, file, now);
                case UNCACHE -> file == null || file.status() == FileStatus.REMOVED
                        ? result.skipped(now, "already off the cache")
                        : result.completed(now, removal.inUse(file)
                                ? "would be postponed: the file is in use (pending_removal)"
                                : "would be taken off the cache; the original put back in place", file.id(), null,
                                null, file.sizeBytes());
                case ATTACH_USER -> file == null || file.status() == FileStatus.REMOVED
                        ? result.failed(now, "would fail: the file is off the cache")
                        : file.isAttributedTo(command.user())
                        ? result.skipped(now, "already attributed to " + command.user())
                        : result.completed(now, "would be attributed to " + command.user(), file.id(), null, null,
                                file.sizeBytes());
                case DETACH_USER -> file == null || !file.isAttributedTo(command.user())
                        ? result.skipped(now, "not attributed to " + command.user())
                        : result.completed(now, "would detach " + command.user(), file.id(), null, null,
                                file.sizeBytes());
                default -> throw new IllegalStateException(result.action() + " is not run file by file");
            };
        } catch (RuntimeException failure) {
            return result.failed(now, "would fail: " + Audit.describe(failure));
        }
    }

    private OperationResult previewCache(OperationResult result, StartBatchCommand command, CachedFile file,
                                         Instant now) {
        if (file != null && file.status() == FileStatus.ACTIVE) {
            if (command.user() == null || file.isAttributedTo(command.user())) {
                return result.skipped(now, "already cached" + forUser(command.user()));
            }
            return result.completed(now, "already cached; " + command.user() + " would be added to it", file.id(),
                    null, null, file.sizeBytes());
        }
        CacheMethod method = command.method() == null ? ctx.settings.defaultMethod() : command.method();
        Placement plan = ctx.storage.plan(result.filePath(), method);
        String why = "would be placed on the cache (" + plan.method().code() + ")"
                + (plan.note() == null ? "" : "; " + plan.note());
        return result.completed(now, why, null, plan.originalPath(), plan.cachedPath(), plan.sizeBytes());
    }

    // ---- cancelling ----

    @Override
    public BatchOperation cancel(String id) {
        Run run = runs.get(id);
        if (run == null) {
            BatchOperation stored = store.find(id)
                    .orElseThrow(() -> new NotFoundException("no batch operation has the id " + id));
            throw new ConflictException("batch operation " + id + " has ended already: it is "
                    + stored.status().code());
        }
        BatchProgress progress;
        List<OperationResult> skipped = new ArrayList<>();
        synchronized (run) {
            if (run.ended) throw new ConflictException("batch operation " + id + " has ended already: it is "
                    + run.batch.status().code());
            run.cancelled = true;
            Instant now = ctx.clock.now();
            for (int index = run.next; index < run.results.size(); index++) {
                OperationResult result = run.results.get(index).skipped(now, "cancelled before its turn");
                run.results.set(index, result);
                run.batch = run.batch.counted(ResultStatus.SKIPPED, 0, 0);
                run.unsaved.add(index);
                if (skipped.size() < CHUNK) skipped.add(result);
            }
            run.next = run.results.size();
            if (run.inFlight == 0) end(run);
            else flush(run);
            progress = new BatchProgress(run.batch, null, null);
        }
        skipped.forEach(this::fireFile);
        fire(progress);
        return progress.batch();
    }

    // ---- history ----

    @Override
    public Page<BatchOperation> batches(BatchFilter filter) {
        return store.list(filter);
    }

    @Override
    public BatchDetail batch(String id, int offset, int limit) {
        require(offset >= 0, "offset must not be negative, not " + offset);
        require(limit >= 1 && limit <= MAX_RESULTS, "limit must be between 1 and " + MAX_RESULTS + ", not " + limit);
        Run run = runs.get(id);
        if (run != null) {
            synchronized (run) { // the freshest state: the store is written every few files
                int from = Math.min(offset, run.results.size());
                return new BatchDetail(run.batch, run.results.subList(from, Math.min(from + limit, run.results.size())));
            }
        }
        return ctx.transactions.readOnly(() -> { // the batch and its results as of one state, in one transaction
            BatchOperation batch = store.find(id)
                    .orElseThrow(() -> new NotFoundException("no batch operation has the id " + id));
            return new BatchDetail(batch, store.results(id, offset, limit));
        });
    }

    // ---- watching ----

    @Override
    public AutoCloseable watch(BatchListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void fire(BatchProgress progress) {
        for (BatchListener listener : listeners) {
            try {
                listener.progress(progress);
            } catch (RuntimeException broken) {
                listeners.remove(listener);
            }
        }
    }

    private void fireFile(OperationResult result) {
        for (BatchListener listener : listeners) {
            try {
                listener.fileUpdated(result);
            } catch (RuntimeException broken) {
                listeners.remove(listener);
            }
        }
    }

    // ---- recording whole-cache operations as batches ----

    /** Records an operation that ran whole (cleanup, verify, purge) as a finished batch with its results. */
    BatchOperation record(BatchOperation batch, List<OperationResult> results) {
        store.save(batch);
        for (int from = 0; from < results.size(); from += CHUNK) {
            store.saveResults(results.subList(from, Math.min(from + CHUNK, results.size())));
        }
        fire(new BatchProgress(batch, null, 0L));
        return batch;
    }

    // ---- after a stop ----

    @Override
    public List<BatchOperation> recoverBatches() {
        return new BatchRecovery(ctx, store).recover(runs.keySet());
    }
}
