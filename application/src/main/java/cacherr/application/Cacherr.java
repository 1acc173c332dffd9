package cacherr.application;

import cacherr.application.port.in.AdoptCachedFileUseCase;
import cacherr.application.port.in.AttributeUserUseCase;
import cacherr.application.port.in.CacheActivityUseCase;
import cacherr.application.port.in.CacheFileUseCase;
import cacherr.application.port.in.CacheStatisticsUseCase;
import cacherr.application.port.in.CleanupUseCase;
import cacherr.application.port.in.DetachUserUseCase;
import cacherr.application.port.in.ExportCachedFilesUseCase;
import cacherr.application.port.in.FilesByUserUseCase;
import cacherr.application.port.in.GetCachedFileUseCase;
import cacherr.application.port.in.InFlightOperationsUseCase;
import cacherr.application.port.in.ListCachedFilesUseCase;
import cacherr.application.port.in.ListUsersUseCase;
import cacherr.application.port.in.MoverListStatus;
import cacherr.application.port.in.MoverListUseCase;
import cacherr.application.port.in.OperationLogUseCase;
import cacherr.application.port.in.PruneOperationLogUseCase;
import cacherr.application.port.in.PurgeRemovedUseCase;
import cacherr.application.port.in.RecordAccessUseCase;
import cacherr.application.port.in.RecoverInterruptedOperationsUseCase;
import cacherr.application.port.in.SearchCachedFilesUseCase;
import cacherr.application.port.in.StoreHealthUseCase;
import cacherr.application.port.in.UncacheFileUseCase;
import cacherr.application.port.in.UserStatisticsUseCase;
import cacherr.application.port.in.VerifyIntegrityUseCase;
import cacherr.application.inmemory.InMemoryBatchOperations;
import cacherr.application.port.in.BatchHistoryUseCase;
import cacherr.application.port.in.CancelBatchUseCase;
import cacherr.application.port.in.RecoverInterruptedBatchesUseCase;
import cacherr.application.port.in.StartBatchUseCase;
import cacherr.application.port.in.WatchBatchesUseCase;
import cacherr.application.port.out.BatchExecutor;
import cacherr.application.port.out.BatchOperations;
import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.CacheStorage;
import cacherr.application.port.out.Clock;
import cacherr.application.port.out.IdGenerator;
import cacherr.application.port.out.Instrumentation;
import cacherr.application.port.out.Instrumentation.Action;
import cacherr.application.port.out.Instrumentation.Read;
import cacherr.application.service.AttributionService;
import cacherr.application.service.BatchMeter;
import cacherr.application.service.BatchService;
import cacherr.application.service.CachingService;
import cacherr.application.service.Context;
import cacherr.application.service.MaintenanceService;
import cacherr.application.service.Measured;
import cacherr.application.service.MeasuredStorage;
import cacherr.domain.file.CachedFile;
import cacherr.application.service.QueryService;
import cacherr.application.service.RecordedMaintenance;

/**
 * The application, built from its driven ports: every use case of the cached-files service.
 *
 * <pre>{@code
 * Cacherr cacherr = new Cacherr(bookkeeping, storage, Clock.system(), IdGenerator.randomUuids(), CacheSettings.DEFAULTS);
 * cacherr.cacheFile().cache(new CacheFileCommand("/array/movies/Heat.mkv", OperationType.WATCHLIST, ...));
 * }</pre>
 *
 * <p>Given an {@link Instrumentation}, the use cases that change things and the hot reads report to it; the services
 * themselves know nothing of monitoring.
 */
public final class Cacherr {
    private final CachingService caching;
    private final AttributionService attribution;
    private final QueryService queries;
    private final MaintenanceService maintenance;
    private final StoreHealthUseCase storeHealth;
    private final MoverListUseCase moverList;
    private final Clock clock;
    private final BatchService batches;
    private final RecordedMaintenance recorded;
    private final CacheFileUseCase cacheFile;
    private final UncacheFileUseCase uncacheFile;
    private final RecordAccessUseCase recordAccess;
    private final AttributeUserUseCase attributeUser;
    private final DetachUserUseCase detachUser;
    private final CleanupUseCase cleanup;
    private final VerifyIntegrityUseCase verifyIntegrity;
    private final ListCachedFilesUseCase listFiles;
    private final GetCachedFileUseCase getFile;
    private final SearchCachedFilesUseCase searchFiles;
    private final FilesByUserUseCase filesByUser;
    private final UserStatisticsUseCase userStatistics;
    private final CacheStatisticsUseCase cacheStatistics;
    private final OperationLogUseCase operationLog;
    private final ListUsersUseCase listUsers;

    /** Batches kept in memory only and run inside the call that starts them ({@link BatchExecutor#direct()}). */
    public Cacherr(Bookkeeping books, CacheStorage storage, Clock clock, IdGenerator ids, CacheSettings settings) {
        this(books, storage, clock, ids, settings, Options.defaults());
    }

    /**
     * The application keeping the mover's exclusion list: {@code books} are the {@link
     * MoverListKeeper#bookkeeping() watched books} of {@code moverList}. Batches as in the shortest constructor.
     */
    public Cacherr(Bookkeeping books, CacheStorage storage, Clock clock, IdGenerator ids, CacheSettings settings,
                   MoverListUseCase moverList) {
        this(books, storage, clock, ids, settings, Options.defaults().withMoverList(moverList));
    }

    /** Batches kept and run as given (see {@link Options}). */
    public Cacherr(Bookkeeping books, CacheStorage storage, Clock clock, IdGenerator ids, CacheSettings settings,
                   BatchOperations batchHistory, BatchExecutor batchExecutor, int batchConcurrency) {
        this(books, storage, clock, ids, settings,
                Options.defaults().withBatches(batchHistory, batchExecutor, batchConcurrency));
    }

    /** What the application does, reported to {@code instrumentation} (monitoring). */
    public Cacherr(Bookkeeping books, CacheStorage storage, Clock clock, IdGenerator ids, CacheSettings settings,
                   Instrumentation instrumentation) {
        this(books, storage, clock, ids, settings, Options.defaults().withInstrumentation(instrumentation));
    }

    /** The application with every optional part as {@code options} say. */
    public Cacherr(Bookkeeping books, CacheStorage storage, Clock clock, IdGenerator ids, CacheSettings settings,
                   Options options) {
        this.moverList = options.moverList();
        this.clock = clock;
        Instrumentation instrumentation = options.instrumentation();
        Context context = new Context(books.files(), books.journal(), books.transactions(),
                instrumentation == Instrumentation.NONE ? storage : new MeasuredStorage(storage, instrumentation),
                clock, ids, settings);
        this.caching = new CachingService(context);
        this.attribution = new AttributionService(context);
        this.queries = new QueryService(context);
        this.maintenance = new MaintenanceService(context);
        this.storeHealth = new StoreHealthUseCase() {
            @Override
            public java.util.Optional<String> problem() {
                return books.health().problem();
            }

            @Override
            public java.util.Optional<String> pending() {
                return books.health().pending();
            }
        };
        this.batches = new BatchService(context, options.batchHistory(), options.batchExecutor(),
                options.batchConcurrency(), caching, attribution);
        this.recorded = new RecordedMaintenance(context, maintenance, batches);
        if (instrumentation != Instrumentation.NONE) batches.watch(new BatchMeter(instrumentation));

        Measured m = new Measured(instrumentation);
        this.cacheFile = c -> m.operation(Action.CACHE, c.method() == null ? settings.defaultMethod() : c.method(),
                r -> r.file().cacheMethod(), () -> caching.cache(c));
        this.uncacheFile = c -> m.operation(Action.UNCACHE, null, r -> r.file().cacheMethod(),
                () -> caching.uncache(c));
        this.recordAccess = c -> m.operation(Action.ACCESS, null, CachedFile::cacheMethod,
                () -> attribution.recordAccess(c));
        this.attributeUser = c -> m.operation(Action.ATTACH, null, CachedFile::cacheMethod,
                () -> attribution.attribute(c));
        this.detachUser = c -> m.operation(Action.DETACH, null, CachedFile::cacheMethod, () -> attribution.detach(c));
        this.cleanup = c -> m.operation(Action.CLEANUP, null, r -> null, () -> recorded.cleanup(c));
        this.verifyIntegrity = c -> m.operation(Action.VERIFY, null, r -> null, () -> recorded.verify(c));
        this.listFiles = f -> m.read(Read.LIST, () -> queries.list(f));
        this.getFile = id -> m.read(Read.GET, () -> queries.get(id));
        this.searchFiles = q -> m.read(Read.SEARCH, () -> queries.search(q));
        this.filesByUser = (user, f) -> m.read(Read.LIST, () -> queries.filesOf(user, f));
        this.userStatistics = q -> m.read(Read.USER_STATISTICS, () -> queries.statistics(q));
        this.cacheStatistics = () -> m.read(Read.STATISTICS, queries::statistics);
        this.operationLog = f -> m.read(Read.OPERATIONS, () -> queries.operations(f));
        this.listUsers = () -> m.read(Read.USERS, queries::users);
    }

    /** The time this application keeps its books by: what an adapter's answers are stamped with too. */
    public Clock clock() {
        return clock;
    }

    public CacheFileUseCase cacheFile() {
        return cacheFile;
    }

    public AdoptCachedFileUseCase adoptFile() {
        return caching;
    }

    public UncacheFileUseCase uncacheFile() {
        return uncacheFile;
    }

    public RecordAccessUseCase recordAccess() {
        return recordAccess;
    }

    public AttributeUserUseCase attributeUser() {
        return attributeUser;
    }

    public DetachUserUseCase detachUser() {
        return detachUser;
    }

    public ListCachedFilesUseCase listFiles() {
        return listFiles;
    }

    public GetCachedFileUseCase getFile() {
        return getFile;
    }

    public SearchCachedFilesUseCase searchFiles() {
        return searchFiles;
    }

    public FilesByUserUseCase filesByUser() {
        return filesByUser;
    }

    public UserStatisticsUseCase userStatistics() {
        return userStatistics;
    }

    public CacheStatisticsUseCase cacheStatistics() {
        return cacheStatistics;
    }

    public OperationLogUseCase operationLog() {
        return operationLog;
    }

    public ExportCachedFilesUseCase exportFiles() {
        return queries;
    }

    public ListUsersUseCase listUsers() {
        return listUsers;
    }

    public InFlightOperationsUseCase inFlightOperations() {
        return queries;
    }

    public CacheActivityUseCase cacheActivity() {
        return queries;
    }

    /** Recorded as a batch operation once it has run. */
    public CleanupUseCase cleanup() {
        return cleanup;
    }

    /** Recorded as a batch operation once it has run. */
    public VerifyIntegrityUseCase verifyIntegrity() {
        return verifyIntegrity;
    }

    /** Recorded as a batch operation once it has run. */
    public PurgeRemovedUseCase purgeRemoved() {
        return recorded;
    }

    public StartBatchUseCase startBatch() {
        return batches;
    }

    public CancelBatchUseCase cancelBatch() {
        return batches;
    }

    public BatchHistoryUseCase batchHistory() {
        return batches;
    }

    public WatchBatchesUseCase watchBatches() {
        return batches;
    }

    public RecoverInterruptedBatchesUseCase recoverInterruptedBatches() {
        return batches;
    }

    public PruneOperationLogUseCase pruneOperationLog() {
        return maintenance;
    }

    public RecoverInterruptedOperationsUseCase recoverInterruptedOperations() {
        return maintenance;
    }

    public StoreHealthUseCase storeHealth() {
        return storeHealth;
    }

    public MoverListUseCase moverList() {
        return moverList;
    }

    /**
     * The optional parts of the application, each with a default that needs nothing: no mover list, batches kept in
     * memory and run inside the call that starts them, no monitoring. Change one with its {@code with…} method.
     *
     * @param moverList        the mover's exclusion list (the application's books are then its watched books)
     * @param batchHistory     where batch operations and their per-file results are kept
     * @param batchExecutor    where batch steps run
     * @param batchConcurrency how many files of one batch are worked on at once (1..64)
     * @param instrumentation  where what the application does is reported (monitoring)
     */
    public record Options(MoverListUseCase moverList, BatchOperations batchHistory, BatchExecutor batchExecutor,
                          int batchConcurrency, Instrumentation instrumentation) {
        /** The defaults, with a batch history of its own (never shared between two applications). */
        public static Options defaults() {
            return new Options(() -> MoverListStatus.DISABLED, new InMemoryBatchOperations(), BatchExecutor.direct(),
                    1, Instrumentation.NONE);
        }

        public Options {
            java.util.Objects.requireNonNull(moverList, "moverList");
            java.util.Objects.requireNonNull(batchHistory, "batchHistory");
            java.util.Objects.requireNonNull(batchExecutor, "batchExecutor");
            java.util.Objects.requireNonNull(instrumentation, "instrumentation");
        }

        public Options withMoverList(MoverListUseCase list) {
            return new Options(list, batchHistory, batchExecutor, batchConcurrency, instrumentation);
        }

        public Options withBatches(BatchOperations history, BatchExecutor executor, int concurrency) {
            return new Options(moverList, history, executor, concurrency, instrumentation);
        }

        public Options withInstrumentation(Instrumentation meter) {
            return new Options(moverList, batchHistory, batchExecutor, batchConcurrency, meter);
        }
    }
}
