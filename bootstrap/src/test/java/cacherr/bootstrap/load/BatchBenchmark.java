package cacherr.bootstrap.load;

import cacherr.adapters.filesystem.FileSystemStorageSettings;
import cacherr.adapters.filesystem.NioCacheStorage;
import cacherr.adapters.persistence.PersistenceSettings;
import cacherr.adapters.persistence.SqlitePersistence;
import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.port.in.AttributeUserCommand;
import cacherr.application.port.in.BatchListener;
import cacherr.application.port.in.BatchProgress;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.DetachUserCommand;
import cacherr.application.port.in.StartBatchCommand;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.out.Clock;
import cacherr.application.port.out.IdGenerator;
import cacherr.bootstrap.BatchThreads;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.BatchFilter;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.batch.OperationResult;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.Paging;
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
 * Not a test: batch throughput and what a batch costs the single-file use cases. (1) 10,000 small real files cached
 * (set up by a batch), then taken off the cache by one batch; (2) one user attached to every active file of 100,000
 * records. Each prints files per second, and the p50/p99 of three single-file use cases on files outside the batch —
 * a read ({@code GetCachedFile}), an attach or detach of a user (a write in the books), a cache or uncache (file steps
 * and writes) — idle first, then while the batch runs, in the same process, with their ratios. The batches run on the
 * service's own batch threads ({@link BatchThreads}). Run with {@code bench/batch.sh}.
 */
public final class BatchBenchmark {
    private static final int SMALL_FILES = Integer.getInteger("bench.batchFiles", 10_000);
    private static final int RECORDS = Integer.getInteger("bench.records", 100_000);
    private static final int IDLE_PROBES = Integer.getInteger("bench.idleProbes", 500);
    private static final int PAUSE_MS = Integer.getInteger("bench.pauseMs", 20);
    private static final String ONLY = System.getProperty("bench.only", "uncache,attach");
    private static final int SPARE = 20;
    private static final UserId BENCH = new UserId("bench");
    private static final UserId PROBE = new UserId("probe");

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("cacherr-batch-bench");
        ExecutorService steps = BatchThreads.start();
        try {
            if (ONLY.contains("uncache")) uncacheSmallFiles(dir.resolve("one"), steps);
            if (ONLY.contains("attach")) attachOverRecords(dir.resolve("two"), steps);
        } finally {
            BatchThreads.stop(steps);
        }
    }

    private static Cacherr app(SqlitePersistence db, NioCacheStorage storage, ExecutorService steps, int perBatch) {
        return new Cacherr(db.bookkeeping(), storage, Clock.system(), IdGenerator.randomUuids(),
                new CacheSettings(CacheMethod.ATOMIC_COPY), db.batchOperations(), steps::execute, perBatch);
    }

    private static NioCacheStorage storage(Path root) throws Exception {
        Path array = Files.createDirectories(root.resolve("array"));
        Path cache = Files.createDirectories(root.resolve("cache"));
        return new NioCacheStorage(new FileSystemStorageSettings(List.of(array), cache, 0, null, null, null, false,
                false));
    }

    private static List<String> smallFiles(Path root, String name, int count) throws Exception {
        List<String> paths = new ArrayList<>();
        byte[] content = new byte[1024];
        for (int i = 0; i < count; i++) {
            Path file = Files.createDirectories(root.resolve("array/movies/" + name + " " + i))
                    .resolve(name + " " + i + ".mkv");
            new Random(name.hashCode() * 31L + i).nextBytes(content);
            Files.write(file, content);
            paths.add(file.toString());
        }
        return paths;
    }

    private static void uncacheSmallFiles(Path root, ExecutorService steps) throws Exception {
        NioCacheStorage storage = storage(root);
        List<String> paths = smallFiles(root, "Small", SMALL_FILES);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(root.resolve("books.db")))) {
            // Set-up: the files cached by a batch with eight at a time (their fsyncs overlap), on threads of its own.
            ExecutorService setUp = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            run(app(db, storage, setUp, 8), new StartBatchCommand(BatchAction.CACHE,
                    paths, null, null, BENCH, null, false, null, null), null);
            setUp.shutdown();
            report("set-up: batch cache of " + SMALL_FILES + " small files (1 KiB, atomic_copy, 8 at a time)",
                    SMALL_FILES, start);
            Cacherr app = app(db, storage, steps, BatchThreads.PER_BATCH);
            Probe idle = Probe.idle(app, ids(app), spares(app, root));
            start = System.nanoTime();
            Probe busy = run(app, new StartBatchCommand(BatchAction.UNCACHE, null, null, new FileCriteria(null, BENCH,
                    FileStatus.ACTIVE, null, null, null, null, null), null, null, false, null, null), idle.again());
            report("batch uncache of " + SMALL_FILES + " small files", SMALL_FILES, start);
            idle.print("idle");
            busy.print("during the uncache batch");
            busy.ratios(idle);
        }
    }

    private static void attachOverRecords(Path root, ExecutorService steps) throws Exception {
        NioCacheStorage storage = storage(root);
        Path file = root.resolve("books.db");
        SqlitePersistence.open(PersistenceSettings.of(file)).close();
        BulkBooks.fill(file, RECORDS, 42);
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            db.completeStartup(() -> { }); // the start-up check of a database this large, which holds writes until done
            Cacherr app = app(db, storage, steps, BatchThreads.PER_BATCH);
            // The records are 1 MB and more; the probes' own files (1 KiB) stay outside the batch.
            FileCriteria records = new FileCriteria(null, null, FileStatus.ACTIVE, null, 1_000_000L, null, null, null);
            Probe idle = Probe.idle(app, ids(app), spares(app, root));
            long start = System.nanoTime();
            Probe busy = run(app, new StartBatchCommand(BatchAction.ATTACH_USER, null, null, records,
                    new UserId("family"), "movie night", false, null, null), idle.again());
            BatchOperation done = app.batchHistory().batches(BatchFilter.LATEST).items().get(0);
            report("batch attach over " + RECORDS + " records (" + done.totalFiles() + " active)", done.totalFiles(),
                    start);
            idle.print("idle");
            busy.print("during the attach batch");
            busy.ratios(idle);
        }
    }

    /** The probes' own files: {@value #SPARE} to attach and detach a user on, {@value #SPARE} to cache and uncache. */
    private static Spares spares(Cacherr app, Path root) throws Exception {
        List<FileId> attachable = new ArrayList<>();
        for (String path : smallFiles(root, "Attach", SPARE)) {
            attachable.add(app.cacheFile().cache(new CacheFileCommand(path, OperationType.MANUAL, PROBE, "probe",
                    null, null)).file().id());
        }
        return new Spares(attachable, smallFiles(root, "Toggle", SPARE));
    }

    private record Spares(List<FileId> attachable, List<String> cacheable) {
    }

    /** Starts the batch and waits for its end; with a {@code probe}, probes the single-file use cases meanwhile. */
    private static Probe run(Cacherr app, StartBatchCommand command, Probe probe) throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        String[] watched = new String[1];
        AutoCloseable watching = app.watchBatches().watch(new BatchListener() {
            @Override
            public void progress(BatchProgress progress) {
                synchronized (watched) {
                    if (progress.batch().id().equals(watched[0]) && !progress.batch().status().active()) {
                        ended.countDown();
                    }
                }
            }

            @Override
            public void fileUpdated(OperationResult result) {
            }
        });
        Thread prober = null;
        AtomicBoolean stop = new AtomicBoolean();
        if (probe != null) {
            prober = new Thread(() -> {
                while (!stop.get()) {
                    probe.once();
                    pause(); // a client's pace, not a second batch: a round of probes, a pause, the next
                }
            });
            prober.start();
        }
        synchronized (watched) {
            watched[0] = app.startBatch().start(command).id();
        }
        if (!app.batchHistory().batch(watched[0], 0, 1).batch().status().active()) ended.countDown();
        long began = System.nanoTime();
        while (!ended.await(60, java.util.concurrent.TimeUnit.SECONDS)) { // a line a minute, for a run cut short
            BatchOperation now = app.batchHistory().batch(watched[0], 0, 1).batch();
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf("    %.0f s: %d of %d files, %.1f files/s%n", seconds, now.filesProcessed(),
                    now.totalFiles(), now.filesProcessed() / seconds);
            if (probe != null) probe.print("so far");
        }
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
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<FileId> ids(Cacherr app) {
        List<FileId> ids = new ArrayList<>();
        app.listFiles().list(FileFilter.of(FileCriteria.ANY, new Paging(500, 0))).items()
                .forEach(f -> ids.add(f.id()));
        return ids;
    }

    private static void report(String what, int files, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %.1f s, %.0f files/s%n", what, seconds, files / seconds);
    }

    /**
     * One round: a read of a random file; an attach or a detach of a user on one of the probes' own files; a cache or
     * an uncache of another of them — each timed.
     */
    private static final class Probe {
        private final Cacherr app;
        private final List<FileId> ids;
        private final Spares spares;
        private final boolean[] attached;
        private final FileId[] cached;
        private final Random random = new Random(7);
        private final List<Long> reads = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> attaches = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> caches = Collections.synchronizedList(new ArrayList<>());
        private int round;

        Probe(Cacherr app, List<FileId> ids, Spares spares, boolean[] attached, FileId[] cached) {
            this.app = app;
            this.ids = ids;
            this.spares = spares;
            this.attached = attached;
            this.cached = cached;
        }

        static Probe idle(Cacherr app, List<FileId> ids, Spares spares) {
            Probe probe = new Probe(app, ids, spares, new boolean[SPARE], new FileId[SPARE]);
            for (int i = 0; i < IDLE_PROBES; i++) {
                probe.once();
                pause(); // the same pace as during the batch
            }
            return probe;
        }

        /** A fresh set of samples on the same files, in the state this one left them. */
        Probe again() {
            return new Probe(app, ids, spares, attached, cached);
        }

        void once() {
            int spare = round++ % SPARE;
            FileId id = ids.get(random.nextInt(ids.size()));
            long start = System.nanoTime();
            app.getFile().get(id);
            reads.add(System.nanoTime() - start);

            FileId target = spares.attachable().get(spare);
            start = System.nanoTime();
            if (attached[spare]) app.detachUser().detach(new DetachUserCommand(target, new UserId("guest")));
            else app.attributeUser().attribute(new AttributeUserCommand(target, new UserId("guest"), "probe"));
            attaches.add(System.nanoTime() - start);
            attached[spare] = !attached[spare];

            start = System.nanoTime();
            if (cached[spare] == null) {
                CachedFile file = app.cacheFile().cache(new CacheFileCommand(spares.cacheable().get(spare),
                        OperationType.MANUAL, PROBE, "probe", null, null)).file();
                caches.add(System.nanoTime() - start);
                cached[spare] = file.id();
            } else {
                app.uncacheFile().uncache(new UncacheCommand(cached[spare], "probe", PROBE));
                caches.add(System.nanoTime() - start);
                cached[spare] = null;
            }
        }

        void print(String when) {
            System.out.printf("  single-file %-26s read p50 %.2f p99 %.2f ms | attach/detach p50 %.2f p99 %.2f ms"
                            + " | cache/uncache p50 %.2f p99 %.2f ms (%d rounds)%n", when + ":", pct(reads, 50),
                    pct(reads, 99), pct(attaches, 50), pct(attaches, 99), pct(caches, 50), pct(caches, 99),
                    reads.size());
        }

        void ratios(Probe idle) {
            System.out.printf("  p99 during / idle: read %.2fx, attach/detach %.2fx, cache/uncache %.2fx%n",
                    pct(reads, 99) / pct(idle.reads, 99), pct(attaches, 99) / pct(idle.attaches, 99),
                    pct(caches, 99) / pct(idle.caches, 99));
        }

        private static double pct(List<Long> samples, int percentile) {
            List<Long> sorted = new ArrayList<>(samples);
            Collections.sort(sorted);
            if (sorted.isEmpty()) return Double.NaN;
            return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
        }
    }
}
