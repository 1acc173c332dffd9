package cacherr.application.inmemory;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.port.out.Bookkeeping;
import java.time.Instant;

/**
 * The whole application in memory: no database, no web server, no disk. Its adapters stay reachable so a test can
 * arrange files, move the clock and inject failures.
 *
 * <pre>{@code
 * InMemoryCacherr memory = InMemoryCacherr.create();
 * memory.storage().write("/array/movies/Heat.mkv", bytes);
 * memory.app().cacheFile().cache(new CacheFileCommand("/array/movies/Heat.mkv", OperationType.WATCHLIST,
 *         new UserId("alice"), null, null, null));
 * }</pre>
 */
public final class InMemoryCacherr {
    private final InMemoryCachedFiles files = new InMemoryCachedFiles();
    private final InMemoryOperationJournal journal = new InMemoryOperationJournal();
    private final InMemoryTransactions transactions = new InMemoryTransactions(files, journal);
    private final InMemoryStoreHealth health = new InMemoryStoreHealth();
    private final InMemoryCacheStorage storage;
    private final ManualClock clock;
    private final SequentialIds ids = new SequentialIds();
    private final InMemoryBatchOperations batches = new InMemoryBatchOperations();
    private final StepExecutor steps = new StepExecutor();
    private final CacheSettings settings;
    private final CountingInstrumentation instrumentation = new CountingInstrumentation();
    private final Cacherr app;

    private InMemoryCacherr(InMemoryCacheStorage storage, ManualClock clock, CacheSettings settings) {
        this.settings = settings;
        this.storage = storage;
        this.clock = clock;
        this.app = new Cacherr(bookkeeping(), storage, clock, ids, settings, options());
    }

    /** Array root {@code /array}, cache root {@code /cache}, symlink by default, clock at 2026-01-01T00:00:00Z. */
    public static InMemoryCacherr create() {
        return create(InMemoryCacheStorage.standard(), CacheSettings.DEFAULTS);
    }

    public static InMemoryCacherr create(InMemoryCacheStorage storage, CacheSettings settings) {
        return new InMemoryCacherr(storage, new ManualClock(Instant.parse("2026-01-01T00:00:00Z")), settings);
    }

    public Cacherr app() {
        return app;
    }

    public Bookkeeping bookkeeping() {
        return new Bookkeeping(files, journal, transactions, health);
    }

    public InMemoryCachedFiles files() {
        return files;
    }

    public InMemoryOperationJournal journal() {
        return journal;
    }

    public InMemoryCacheStorage storage() {
        return storage;
    }

    public InMemoryStoreHealth health() {
        return health;
    }

    public ManualClock clock() {
        return clock;
    }

    /** The batch history. */
    public InMemoryBatchOperations batches() {
        return batches;
    }

    /** Where batch steps wait until a test runs them ({@link StepExecutor#runAll()}, {@link StepExecutor#runNext()}). */
    public StepExecutor steps() {
        return steps;
    }

    /**
     * The application started again over the same books, files and batch history, as after a stop of the service:
     * the queued batch steps are lost, as they would be.
     */
    public Cacherr restarted() {
        steps.dropAll();
        return new Cacherr(bookkeeping(), storage, clock, ids, settings, options());
    }

    /** What the application reported to monitoring, counted. */
    public CountingInstrumentation instrumentation() {
        return instrumentation;
    }

    private Cacherr.Options options() {
        return Cacherr.Options.defaults().withBatches(batches, steps, 2).withInstrumentation(instrumentation);
    }
}
