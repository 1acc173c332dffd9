package cacherr.bootstrap.load;

import cacherr.adapters.filesystem.FileSystemStorageSettings;
import cacherr.adapters.filesystem.NioCacheStorage;
import cacherr.adapters.persistence.PersistenceSettings;
import cacherr.adapters.persistence.SqlitePersistence;
import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.port.in.BatchListener;
import cacherr.application.port.in.BatchProgress;
import cacherr.application.port.in.RecordAccessCommand;
import cacherr.application.port.in.StartBatchCommand;
import cacherr.application.port.out.Clock;
import cacherr.application.port.out.IdGenerator;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Not a test: batch throughput and what a batch costs the single-file use cases. (1) 10,000 small real files cached,
 * then taken off the cache by one batch; (2) one user attached to every active file of 100,000 records. Each prints
 * files per second, and the p50/p99 of a file read ({@code GetCachedFile}) and of an access ({@code RecordAccess}, a
 * write) — idle first, then while the batch runs. Run with {@code bench/batch.sh}.
 */
public final class BatchBenchmark {
    private static final int SMALL_FILES = Integer.getInteger("bench.batchFiles", 10_000);
    private static final int RECORDS = Integer.getInteger("bench.records", 100_000);
    private static final int IDLE_PROBES = 2_000;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("cacherr-batch-bench");
        ExecutorService steps = Executors.newFixedThreadPool(2);
        try {
            uncacheSmallFiles(dir.resolve("one"), steps);
            attachOverRecords(dir.resolve("two"), steps);
        } finally {
            steps.shutdownNow();
        }
    }

    private static Cacherr app(SqlitePersistence db, NioCacheStorage storage, ExecutorService steps) {
        return new Cacherr(db.bookkeeping(), storage, Clock.system(), IdGenerator.randomUuids(),
                new CacheSettings(CacheMethod.ATOMIC_COPY), db.batchOperations(), steps::execute, 2);
    }

    private static NioCacheStorage storage(Path root) throws Exception {
        Path array = Files.createDirectories(root.resolve("array"));
        Path cache = Files.createDirectories(root.resolve("cache"));
        return new NioCacheStorage(new FileSystemStorageSettings(List.of(array), cache, 0, null, null, null, false,
                false));
    }

    private static void uncacheSmallFiles(Path root, ExecutorService steps) throws Exception {
        NioCacheStorage storage = storage(root);
        List<String> paths = new ArrayList<>();
        byte[] content = new byte[1024];
        for (int i = 0; i < SMALL_FILES; i++) {
            Path file = Files.createDirectories(root.resolve("array/movies/Small " + i)).resolve("Small " + i + ".mkv");
            new Random(i).nextBytes(content);
            Files.write(file, content);
            paths.add(file.toString());
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(root.resolve("books.db")))) {
            Cacherr app = app(db, storage, steps);
            long start = System.nanoTime();
            run(app, new StartBatchCommand(BatchAction.CACHE, paths, null, null, new UserId("bench"), null, false,
                    null, null), null);
            report("batch cache of " + SMALL_FILES + " small files (1 KiB, atomic_copy)", SMALL_FILES, start);
            List<FileId> ids = ids(app);
            Probe idle = Probe.idle(app, ids);
            start = System.nanoTime();
            Probe busy = run(app, new StartBatchCommand(BatchAction.UNCACHE, null, null, FileCriteria.ANY, null, null,
                    false, null, null), ids);
            report("batch uncache of " + SMALL_FILES + " small files", SMALL_FILES, start);
            idle.print("idle");
            busy.print("during the uncache batch");
        }
    }

    private static void attachOverRecords(Path root, ExecutorService steps) throws Exception {
        NioCacheStorage storage = storage(root);
        Path file = root.resolve("books.db");
        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        BulkBooks.fill(file, RECORDS, 42);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Cacherr app = app(db, storage, steps);
            FileCriteria active = new FileCriteria(null, null, FileStatus.ACTIVE, null, null, null, null, null);
            List<FileId> ids = ids(app);
            Probe idle = Probe.idle(app, ids);
            long start = System.nanoTime();
            Probe busy = run(app, new StartBatchCommand(BatchAction.ATTACH_USER, null, null, active,
                    new UserId("family"), "movie night", false, null, null), ids);
            BatchOperation done = app.batchHistory().batches(cacherr.domain.batch.BatchFilter.LATEST).items().get(0);
            report("batch attach over " + RECORDS + " records (" + done.totalFiles() + " active)", done.totalFiles(),
                    start);
            idle.print("idle");
            busy.print("during the attach batch");
        }
    }

    /** Starts the batch and waits for its end; with {@code ids}, probes the single-file use cases meanwhile. */
    private static Probe run(Cacherr app, StartBatchCommand command, List<FileId> ids) throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        String[] watched = new String[1];
        AutoCloseable watching = app.watchBatches().watch(new BatchListener() {
            @Override
            public void progress(BatchProgress progress) {
                if (progress.batch().id().equals(watched[0]) && !progress.batch().status().active()) ended.countDown();
            }

            @Override
            public void fileUpdated(OperationResult result) {
            }
        });
        Probe probe = ids == null ? null : new Probe(app, ids);
        Thread prober = null;
        AtomicBoolean stop = new AtomicBoolean();
        if (probe != null) {
            prober = new Thread(() -> {
                while (!stop.get()) {
                    probe.once();
                    pause(); // a client's pace, not a second batch: one read and one access every 5 ms
                }
            });
            prober.start();
        }
        synchronized (watched) {
            watched[0] = app.startBatch().start(command).id();
        }
        if (!app.batchHistory().batch(watched[0], 0, 1).batch().status().active()) ended.countDown();
        ended.await();
        stop.set(true);
        if (prober != null) prober.join();
        watching.close();
        BatchOperation batch = app.batchHistory().batch(watched[0], 0, 1).batch();
        System.out.printf("  %s: %s, %d done, %d failed, %d skipped%n", batch.action().operationType(),
                batch.status().code(), batch.filesSuccessful(), batch.filesFailed(), batch.filesSkipped());
        return probe;
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<FileId> ids(Cacherr app) {
        List<FileId> ids = new ArrayList<>();
        app.listFiles().list(cacherr.domain.query.FileFilter.of(FileCriteria.ANY,
                new cacherr.domain.query.Paging(500, 0))).items().forEach(f -> ids.add(f.id()));
        return ids;
    }

    private static void report(String what, int files, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %.1f s, %.0f files/s%n", what, seconds, files / seconds);
    }

    /** Times a file read and an access (a write) of random files, alternately. */
    private static final class Probe {
        private final Cacherr app;
        private final List<FileId> ids;
        private final Random random = new Random(7);
        private final List<Long> reads = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> writes = Collections.synchronizedList(new ArrayList<>());

        Probe(Cacherr app, List<FileId> ids) {
            this.app = app;
            this.ids = ids;
        }

        static Probe idle(Cacherr app, List<FileId> ids) {
            Probe probe = new Probe(app, ids);
            for (int i = 0; i < IDLE_PROBES; i++) probe.once();
            return probe;
        }

        void once() {
            FileId id = ids.get(random.nextInt(ids.size()));
            long start = System.nanoTime();
            app.getFile().get(id);
            reads.add(System.nanoTime() - start);
            start = System.nanoTime();
            try {
                app.recordAccess().recordAccess(new RecordAccessCommand(id, null));
            } catch (RuntimeException removed) {
                // a file the batch already took off the cache: refused, still timed
            }
            writes.add(System.nanoTime() - start);
        }

        void print(String when) {
            System.out.printf("  single-file %-26s read p50 %.2f ms p99 %.2f ms | access p50 %.2f ms p99 %.2f ms"
                    + " (%d probes)%n", when + ":", pct(reads, 50), pct(reads, 99), pct(writes, 50), pct(writes, 99),
                    reads.size());
        }

        private static double pct(List<Long> samples, int percentile) {
            List<Long> sorted = new ArrayList<>(samples);
            Collections.sort(sorted);
            if (sorted.isEmpty()) return Double.NaN;
            return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
        }
    }
}
