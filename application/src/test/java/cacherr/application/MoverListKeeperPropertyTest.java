package cacherr.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.inmemory.InMemoryCacheStorage;
import cacherr.application.inmemory.InMemoryCachedFiles;
import cacherr.application.inmemory.InMemoryMoverExclusions;
import cacherr.application.inmemory.InMemoryOperationJournal;
import cacherr.application.inmemory.InMemoryTransactions;
import cacherr.application.inmemory.ManualClock;
import cacherr.application.inmemory.SequentialIds;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.CleanupCommand;
import cacherr.application.port.in.MoverListStatus;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.in.VerifyCommand;
import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.CacheSpace;
import cacherr.application.port.out.CacheStorage;
import cacherr.application.port.out.Inspection;
import cacherr.application.port.out.StorageException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Placement;
import cacherr.domain.file.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The mover's exclusion list against the books, over random sequences of operations (seeded, so a failure can be
 * replayed) with injected failures and crashes between the steps of an operation, each followed by a restart.
 *
 * <p>Two promises are checked: after every operation (and after every recovery) the list equals what the books say is
 * on the cache; and at every moment — at each file step and at each write of the list — every file of ours present on
 * the cache is on the list (a superset, never a subset).
 */
class MoverListKeeperPropertyTest {
    private static final List<String> NAMES = List.of("Heat (1995).mkv", "Alien [1979]/Alien.mkv", "what*.mkv",
            "who?.mkv", "Amélie.mkv", "it's \"quoted\".mkv", "a name with spaces.mkv", "日本語.mkv", "[x].mkv",
            "Shows/S01/E01.mkv", "Shows/S01/E02.mkv", "Big.mkv");
    private static final UserId[] USERS = {new UserId("alice"), new UserId("bob"), null};
    private static final CacheMethod[] METHODS = {CacheMethod.ATOMIC_SYMLINK, CacheMethod.ATOMIC_COPY};

    /** Stands for the process dying at this point: nothing below catches an Error. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash", null, false, false);
        }
    }

    private final InMemoryCachedFiles files = new InMemoryCachedFiles();
    private final InMemoryOperationJournal journal = new InMemoryOperationJournal();
    private final InMemoryTransactions transactions = new InMemoryTransactions(files, journal);
    private final InMemoryCacheStorage disk = InMemoryCacheStorage.standard();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SequentialIds ids = new SequentialIds();
    private final InMemoryMoverExclusions list = new InMemoryMoverExclusions(clock);
    private final CrashingStorage storage = new CrashingStorage();
    private MoverListKeeper keeper;
    private Cacherr app;
    private int checks;

    @Test
    void theListEqualsTheBooksAfterEveryOperationAndNeverMissesAFileOnTheCache() {
        for (long seed = 1; seed <= 60; seed++) {
            MoverListKeeperPropertyTest run = new MoverListKeeperPropertyTest();
            try {
                run.play(seed, 160);
            } catch (AssertionError failure) {
                throw new AssertionError("seed " + seed + ": " + failure.getMessage(), failure);
            }
            checks += run.checks;
        }
        assertTrue(checks > 10_000, "the runs checked the list " + checks + " times");
    }

    @Test
    void aPlacementWhoseEntryCannotBeWrittenIsRefusedBeforeTheFileIsTouched() {
        start();
        writeOriginals();
        list.failNextWrite(new StorageException(StorageException.Problem.IO_FAILURE, "disk full"));
        assertThrows(StorageException.class, () -> app.cacheFile().cache(command("/array/movies/Big.mkv", null,
                CacheMethod.ATOMIC_COPY)));
        assertEquals(List.of(), onCache());
        assertEquals(new TreeSet<>(), list.entries());
        assertEquals(List.of(), journal.unfinished(), "the intent was rolled back with the failed write");
        assertEquals(expected(), list.entries());
    }

    @Test
    void aRemovalWhoseWriteFailsLeavesTheEntryAndTheNextChangeWritesIt() {
        start();
        writeOriginals();
        CachedFile big = app.cacheFile().cache(command("/array/movies/Big.mkv", null, CacheMethod.ATOMIC_COPY)).file();
        app.cacheFile().cache(command("/array/movies/Amélie.mkv", null, CacheMethod.ATOMIC_COPY));
        list.failNextWrite(new StorageException(StorageException.Problem.IO_FAILURE, "disk full"));
        app.uncacheFile().uncache(new UncacheCommand(big.id(), "done", null));
        assertTrue(list.entries().contains("/cache/movies/Big.mkv"), "a superset while the write fails");
        MoverListStatus status = keeper.status();
        assertEquals(false, status.upToDate());
        assertTrue(status.lastError().contains("disk full"), status.lastError());
        app.cacheFile().cache(command("/array/movies/Heat (1995).mkv", null, CacheMethod.ATOMIC_COPY));
        assertEquals(expected(), list.entries());
        assertEquals(true, keeper.status().upToDate());
    }

    @Test
    void removalsHandedToALaterWriterStayOnTheListUntilItRuns() {
        List<Runnable> later = new ArrayList<>();
        start(later::add);
        writeOriginals();
        CachedFile big = app.cacheFile().cache(command("/array/movies/Big.mkv", null, CacheMethod.ATOMIC_COPY)).file();
        app.uncacheFile().uncache(new UncacheCommand(big.id(), "done", null));
        assertEquals(new TreeSet<>(List.of("/cache/movies/Big.mkv")), list.entries());
        assertEquals(1, later.size());
        later.forEach(Runnable::run);
        assertEquals(new TreeSet<>(), list.entries());
    }

    @Test
    void unitsOfWorkThatLeaveTheSetOfPathsAsItWasDoNotRewriteTheList() {
        start();
        writeOriginals();
        CachedFile big = app.cacheFile().cache(command("/array/movies/Big.mkv", null, CacheMethod.ATOMIC_COPY)).file();
        int writes = list.writes();
        for (int i = 0; i < 5; i++) {
            app.recordAccess().recordAccess(new cacherr.application.port.in.RecordAccessCommand(big.id(),
                    new UserId("alice")));
        }
        app.cacheFile().cache(command("/array/movies/Big.mkv", new UserId("bob"), CacheMethod.ATOMIC_COPY));
        assertEquals(writes, list.writes());
        assertEquals(expected(), list.entries());
    }

    @Test
    void aKeeperNotYetRebuiltFromTheBooksRefusesToAddAnEntryRatherThanDropTheOthers() {
        MoverListKeeper fresh = new MoverListKeeper(new Bookkeeping(files, journal, transactions), list, clock,
                Runnable::run, problem -> { });
        Cacherr unbuilt = new Cacherr(fresh.bookkeeping(), storage, clock, ids, CacheSettings.DEFAULTS, fresh);
        writeOriginals();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> unbuilt.cacheFile().cache(
                command("/array/movies/Big.mkv", null, CacheMethod.ATOMIC_COPY)));
        assertTrue(refused.getMessage().contains("rebuilt"), refused.getMessage());
        assertEquals(List.of(), onCache());
        assertEquals(0, list.writes(), "nothing was written from books it never read");
        fresh.flush();
        assertEquals(0, list.writes());
    }

    // ---- one run ----

    private void play(long seed, int steps) {
        Random random = new Random(seed);
        start();
        writeOriginals();
        for (int step = 0; step < steps; step++) {
            clock.advance(Duration.ofMinutes(1));
            int op = random.nextInt(100);
            try {
                if (op < 8) {
                    crash(random);
                    continue;
                }
                operate(op, random);
            } catch (RuntimeException expectedFailure) {
                // Injected failures and refusals: the use case failed cleanly, the list must still be right.
            }
            if (!keeper.status().upToDate()) {
                // An injected failure of the list's write after a removal: a superset, said so, fixed by a retry.
                assertTrue(list.entries().containsAll(expected()), "after step " + step);
                assertTrue(keeper.status().lastError() != null, "after step " + step);
                keeper.flush();
            }
            assertEquals(expected(), list.entries(), "after step " + step);
            assertTrue(list.entries().containsAll(onCache()), "after step " + step);
            checks++;
        }
    }

    private void operate(int op, Random random) {
        if (op < 40) {
            app.cacheFile().cache(command(pick(random), USERS[random.nextInt(USERS.length)],
                    METHODS[random.nextInt(METHODS.length)]));
        } else if (op < 60) {
            CachedFile file = anyOnCache(random);
            if (file != null) app.uncacheFile().uncache(new UncacheCommand(file.id(), "random", null));
        } else if (op < 68) {
            String path = random.nextBoolean() ? pick(random) : "/cache/movies/" + NAMES.get(random.nextInt(NAMES.size()));
            disk.setInUse(path, random.nextBoolean());
        } else if (op < 76) {
            app.cleanup().cleanup(new CleanupCommand(random.nextBoolean(), false, null));
        } else if (op < 82) {
            CachedFile file = anyOnCache(random);
            if (file != null) disk.delete(file.cachedPath()); // behind our back: the next check finds it orphaned
            app.verifyIntegrity().verify(VerifyCommand.all());
        } else if (op < 86) {
            app.purgeRemoved().purgeRemovedOlderThan(0);
        } else if (op < 90) {
            disk.failNextPlace(new StorageException(StorageException.Problem.IO_FAILURE, "injected"));
        } else if (op < 94) {
            disk.failNextRelease(new StorageException(StorageException.Problem.IO_FAILURE, "injected"));
        } else {
            list.failNextWrite(new StorageException(StorageException.Problem.IO_FAILURE, "injected"));
        }
    }

    /** Arms a crash at a random point of the next operation, runs it, and restarts as the service would. */
    private void crash(Random random) {
        int where = random.nextInt(3);
        if (where == 0) storage.crashAt(random.nextInt(3), random.nextBoolean());
        else if (where == 1) list.failNextWrite(new Crash());
        else storage.crashAt(0, random.nextBoolean());
        try {
            if (random.nextBoolean() || anyOnCache(random) == null) {
                app.cacheFile().cache(command(pick(random), USERS[random.nextInt(USERS.length)],
                        METHODS[random.nextInt(METHODS.length)]));
            } else {
                app.uncacheFile().uncache(new UncacheCommand(anyOnCache(random).id(), "random", null));
            }
        } catch (Crash crashed) {
            // the process is gone
        } catch (RuntimeException failure) {
            // it failed cleanly before reaching the crash point
        }
        storage.disarm();
        list.failNextWrite(null);
        assertTrue(list.entries().containsAll(onCache()), "after the crash, before the restart");
        start();
        assertTrue(list.entries().containsAll(onCache()), "after the rebuild");
        app.recoverInterruptedOperations().recover();
        assertEquals(expected(), list.entries(), "after recovery");
        assertTrue(list.entries().containsAll(onCache()), "after recovery");
        checks++;
    }

    // ---- the service around the same books, disk and list: a (re)start ----

    private void start() {
        start(Runnable::run);
    }

    private void start(java.util.concurrent.Executor removals) {
        list.failNextWrite(null);
        keeper = new MoverListKeeper(new Bookkeeping(files, journal, transactions), list, clock, removals,
                problem -> { });
        app = new Cacherr(keeper.bookkeeping(), storage, clock, ids, CacheSettings.DEFAULTS, keeper);
        keeper.rebuild();
        list.onWrite(entries -> {
            assertTrue(entries.containsAll(onCache()), "a write dropped a file that is still on the cache: "
                    + onCache() + " not all in " + entries);
            checks++;
        });
    }

    private SortedSet<String> expected() {
        SortedSet<String> paths = new TreeSet<>();
        files.findByStatus(EnumSet.of(FileStatus.ACTIVE, FileStatus.ORPHANED, FileStatus.PENDING_REMOVAL), null, null,
                Integer.MAX_VALUE).forEach(file -> paths.add(file.cachedPath()));
        journal.unfinished().forEach(intent -> paths.add(intent.placement().cachedPath()));
        return paths;
    }

    private List<String> onCache() {
        return disk.paths().stream().filter(path -> path.startsWith("/cache/")).sorted().toList();
    }

    private CachedFile anyOnCache(Random random) {
        List<CachedFile> on = files.findByStatus(EnumSet.of(FileStatus.ACTIVE, FileStatus.ORPHANED,
                FileStatus.PENDING_REMOVAL), null, null, Integer.MAX_VALUE);
        return on.isEmpty() ? null : on.get(random.nextInt(on.size()));
    }

    private void writeOriginals() {
        for (String name : NAMES) {
            disk.write("/array/movies/" + name, ("contents of " + name).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String pick(Random random) {
        return "/array/movies/" + NAMES.get(random.nextInt(NAMES.size()));
    }

    private static CacheFileCommand command(String path, UserId user, CacheMethod method) {
        return new CacheFileCommand(path, OperationType.WATCHLIST, user, "test", method, null);
    }

    /**
     * The in-memory storage with a crash that can be armed at its n-th file step (place, undo, release), before or after
     * the step; and a check of the superset promise at every step.
     */
    private final class CrashingStorage implements CacheStorage {
        private int crashIn = -1;
        private boolean afterStep;

        void crashAt(int nthStep, boolean after) {
            crashIn = nthStep;
            afterStep = after;
        }

        void disarm() {
            crashIn = -1;
        }

        private <T> T step(Supplier<T> work) {
            assertTrue(list.entries().containsAll(onCache()), "before a file step");
            boolean crashNow = crashIn == 0;
            if (crashIn >= 0) crashIn--;
            if (crashNow && !afterStep) throw new Crash();
            T result = work.get();
            assertTrue(list.entries().containsAll(onCache()), "a file is on the cache but not on the list: "
                    + onCache() + " vs " + list.entries());
            checks++;
            if (crashNow) throw new Crash();
            return result;
        }

        @Override
        public Placement plan(String mediaPath, CacheMethod requested) {
            return disk.plan(mediaPath, requested);
        }

        @Override
        public Placement locate(String mediaPath, CacheMethod method) {
            return disk.locate(mediaPath, method);
        }

        @Override
        public Placement place(Placement plan) {
            return step(() -> disk.place(plan));
        }

        @Override
        public void undo(Placement placement) {
            step(() -> {
                disk.undo(placement);
                return null;
            });
        }

        @Override
        public void release(Placement placement) {
            step(() -> {
                disk.release(placement);
                return null;
            });
        }

        @Override
        public Inspection inspect(Placement placement, boolean checksum) {
            return disk.inspect(placement, checksum);
        }

        @Override
        public boolean isInUse(String path) {
            return disk.isInUse(path);
        }

        @Override
        public CacheSpace space() {
            return disk.space();
        }

        @Override
        public List<String> sweepLeftovers() {
            return disk.sweepLeftovers();
        }

        @Override
        public List<Placement> findSwapped(java.util.function.Predicate<String> wanted) {
            return disk.findSwapped(wanted);
        }
    }
}
