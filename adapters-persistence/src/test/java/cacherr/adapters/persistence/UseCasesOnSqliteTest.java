package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacheStorage;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.RecordAccessCommand;
import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.Clock;
import cacherr.application.port.out.IdGenerator;
import cacherr.application.port.out.OperationJournal;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentOutcome;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's use cases over SQLite: failures leave no trace, concurrency loses nothing. */
class UseCasesOnSqliteTest {
    private static final String HEAT = "/array/movies/Heat (1995)/Heat.mkv";
    private static final UserId ALICE = new UserId("alice");

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private final InMemoryCacheStorage storage = InMemoryCacheStorage.standard();

    private Cacherr app(Bookkeeping books) {
        storage.write(HEAT, "the whole movie".getBytes(StandardCharsets.UTF_8));
        return new Cacherr(books, storage, Clock.system(), IdGenerator.randomUuids(), CacheSettings.DEFAULTS);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Test
    void aUseCaseFailingAfterItsFirstWriteLeavesTheBooksUnchanged() {
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        Bookkeeping real = db.bookkeeping();
        AtomicBoolean failNextRecord = new AtomicBoolean(true);
        // The file is saved, its intent finished; then the success entry of the audit log cannot be written.
        OperationJournal failing = new DelegatingJournal(real.journal(), failNextRecord);
        Cacherr app = app(new Bookkeeping(real.files(), failing, real.transactions()));

        assertThrows(IllegalStateException.class, () -> app.cacheFile().cache(
                new CacheFileCommand(HEAT, OperationType.WATCHLIST, ALICE, null, null, null)));

        assertEquals(0, real.files().list(FileFilter.FIRST_PAGE).total(), "the saved file was rolled back");
        assertEquals(0, real.files().statistics().totalFiles(), "and so were the counters");
        assertEquals(List.of(), real.journal().unfinished(), "the intent ended as rolled back, not left open");
        Page<AuditEntry> log = real.journal().list(LogFilter.LATEST);
        assertEquals(1, log.total(), "only the failure is logged");
        assertTrue(!log.items().get(0).success());
    }

    @Test
    void concurrentWritersAndReadersSeeNoBusyErrorAndLoseNoAccess() throws Exception {
        db = SqlitePersistence.open(new PersistenceSettings(dir.resolve("busy.db"), 4,
                PersistenceSettings.DEFAULT_BUSY_TIMEOUT));
        Cacherr app = app(db.bookkeeping());
        FileId id = app.cacheFile().cache(new CacheFileCommand(HEAT, OperationType.WATCHLIST, ALICE, null, null, null))
                .file().id();
        int threads = 6;
        int each = 40;
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> repeat(each, failures,
                        () -> app.recordAccess().recordAccess(new RecordAccessCommand(id, ALICE)))));
                done.add(pool.submit(() -> repeat(each, failures, () -> {
                    app.listFiles().list(FileFilter.FIRST_PAGE);
                    app.cacheStatistics().statistics();
                })));
            }
            for (Future<?> future : done) future.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertEquals(List.of(), failures);
        CachedFile file = db.bookkeeping().files().findById(id).orElseThrow();
        assertEquals(threads * each, file.accessCount());
        assertEquals(threads * each, db.bookkeeping().files().statistics().totalAccesses());
    }

    private static void repeat(int times, List<Throwable> failures, Runnable work) {
        for (int i = 0; i < times; i++) {
            try {
                work.run();
            } catch (RuntimeException failure) {
                failures.add(failure);
            }
        }
    }

    /** The real journal, except that the next {@code record} throws. */
    private static final class DelegatingJournal implements OperationJournal {
        private final OperationJournal real;
        private final AtomicBoolean failNextRecord;

        DelegatingJournal(OperationJournal real, AtomicBoolean failNextRecord) {
            this.real = real;
            this.failNextRecord = failNextRecord;
        }

        @Override
        public void record(AuditEntry entry) {
            if (failNextRecord.getAndSet(false)) throw new IllegalStateException("the log is unwritable");
            real.record(entry);
        }

        @Override
        public Page<AuditEntry> list(LogFilter filter) {
            return real.list(filter);
        }

        @Override
        public int pruneBefore(Instant cutoff, int atMost) {
            return real.pruneBefore(cutoff, atMost);
        }

        @Override
        public void begin(FileOperationIntent intent) {
            real.begin(intent);
        }

        @Override
        public void finish(String intentId, IntentOutcome outcome, Instant at) {
            real.finish(intentId, outcome, at);
        }

        @Override
        public List<FileOperationIntent> unfinished() {
            return real.unfinished();
        }
    }
}
