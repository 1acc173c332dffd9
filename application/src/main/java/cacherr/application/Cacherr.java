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
import cacherr.application.service.AttributionService;
import cacherr.application.service.BatchService;
import cacherr.application.service.CachingService;
import cacherr.application.service.Context;
import cacherr.application.service.MaintenanceService;
import cacherr.application.service.QueryService;
import cacherr.application.service.RecordedMaintenance;

/**
 * The application, built from its driven ports: every use case of the cached-files service.
 *
 * <pre>{@code
 * Cacherr cacherr = new Cacherr(bookkeeping, storage, Clock.system(), IdGenerator.randomUuids(), CacheSettings.DEFAULTS);
 * cacherr.cacheFile().cache(new CacheFileCommand("/array/movies/Heat.mkv", OperationType.WATCHLIST, ...));
 * }</pre>
 */
public final class Cacherr {
    private final CachingService caching;
    private final AttributionService attribution;
    private final QueryService queries;
    private final MaintenanceService maintenance;
    private final StoreHealthUseCase storeHealth;
    private final MoverListUseCase moverList;
    private final BatchService batches;
    private final RecordedMaintenance recorded;

    /** Batches kept in memory only and run inside the call that starts them ({@link BatchExecutor#direct()}). */
    public Cacherr(Bookkeeping books, CacheStorage storage, Clock clock, IdGenerator ids, CacheSettings settings) {
        this(books, storage, clock, ids, settings, () -> MoverListStatus.DISABLED);
    }

    /**
     * The application keeping the mover's exclusion list: {@code books} are the {@link
     * MoverListKeeper#bookkeeping() watched books} of {@code moverList}. Batches as in the shortest constructor.
     */
    public Cacherr(Bookkeeping books, CacheStorage storage, Clock clock, IdGenerator ids, CacheSettings settings,
                   MoverListUseCase moverList) {
        this(books, storage, clock, ids, settings, moverList, new InMemoryBatchOperations(), BatchExecutor.direct(), 1);
    }

    /** Without a mover list, batches kept and run as given (see the last constructor). */
    public Cacherr(Bookkeeping books, CacheStorage storage, Clock clock, IdGenerator ids, CacheSettings settings,
                   BatchOperations batchHistory, BatchExecutor batchExecutor, int batchConcurrency) {
        this(books, storage, clock, ids, settings, () -> MoverListStatus.DISABLED, batchHistory, batchExecutor,
                batchConcurrency);
    }

    /**
     * @param moverList        the mover's exclusion list ({@code books} are then its watched books)
     * @param batchHistory     where batch operations and their per-file results are kept
     * @param batchExecutor    where batch steps run
     * @param batchConcurrency how many files of one batch are worked on at once (1..64)
     */
    public Cacherr(Bookkeeping books, CacheStorage storage, Clock clock, IdGenerator ids, CacheSettings settings,
                   MoverListUseCase moverList, BatchOperations batchHistory, BatchExecutor batchExecutor,
                   int batchConcurrency) {
        this.moverList = java.util.Objects.requireNonNull(moverList, "moverList");
        Context context = new Context(books.files(), books.journal(), books.transactions(), storage, clock, ids,
                settings);
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
        this.batches = new BatchService(context, batchHistory, batchExecutor, batchConcurrency, caching, attribution);
        this.recorded = new RecordedMaintenance(context, maintenance, batches);
    }

    public CacheFileUseCase cacheFile() {
        return caching;
    }

    public AdoptCachedFileUseCase adoptFile() {
        return caching;
    }

    public UncacheFileUseCase uncacheFile() {
        return caching;
    }

    public RecordAccessUseCase recordAccess() {
        return attribution;
    }

    public AttributeUserUseCase attributeUser() {
        return attribution;
    }

    public DetachUserUseCase detachUser() {
        return attribution;
    }

    public ListCachedFilesUseCase listFiles() {
        return queries;
    }

    public GetCachedFileUseCase getFile() {
        return queries;
    }

    public SearchCachedFilesUseCase searchFiles() {
        return queries;
    }

    public FilesByUserUseCase filesByUser() {
        return queries;
    }

    public UserStatisticsUseCase userStatistics() {
        return queries;
    }

    public CacheStatisticsUseCase cacheStatistics() {
        return queries;
    }

    public OperationLogUseCase operationLog() {
        return queries;
    }

    public ExportCachedFilesUseCase exportFiles() {
        return queries;
    }

    public ListUsersUseCase listUsers() {
        return queries;
    }

    public InFlightOperationsUseCase inFlightOperations() {
        return queries;
    }

    public CacheActivityUseCase cacheActivity() {
        return queries;
    }

    /** Recorded as a batch operation once it has run. */
    public CleanupUseCase cleanup() {
        return recorded;
    }

    /** Recorded as a batch operation once it has run. */
    public VerifyIntegrityUseCase verifyIntegrity() {
        return recorded;
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
}
