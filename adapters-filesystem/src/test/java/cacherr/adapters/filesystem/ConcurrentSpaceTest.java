package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.out.IdGenerator;
import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limit and the reserve hold under concurrent placements: a copy under way reserves its size from its check to
 * its end, so a third file is refused while two are being copied, whatever the timing. The copies are held open by a
 * latch in the copy engine, not by timing; the latch waits only bound a broken test, they decide nothing.
 */
class ConcurrentSpaceTest {
    private static final int SIZE = 40 * 1024;
    private static final long WAIT_SECONDS = 60; // only against a hung test: the latches decide the order
    @TempDir
    Path dir;
    private Tree tree;
    private final CountDownLatch copying = new CountDownLatch(2);
    private final CountDownLatch finish = new CountDownLatch(1);
    private final ExecutorService clients = Executors.newFixedThreadPool(2);

    /** Writes half the file, says so, and waits for the test's word before writing the rest. */
    private final Copier held = (from, to, size) -> {
        long half = size / 2;
        Copier.TRANSFER.copy(from, to, half);
        copying.countDown();
        try {
            if (!finish.await(WAIT_SECONDS, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long done = half;
        while (done < size) done += from.transferTo(done, size - done, to);
    };

    @BeforeEach
    void createTree() {
        tree = new Tree(dir);
        for (String name : List.of("a", "b", "c")) tree.original("movies/" + name + ".mkv", Tree.content(SIZE));
    }

    @AfterEach
    void stopClients() {
        finish.countDown();
        clients.shutdownNow();
    }

    private NioCacheStorage storage(long reserve, Long limit) {
        return tree.storage(new FileSystemStorageSettings(List.of(tree.array), tree.cache, reserve, limit, null, null,
                false, false), held);
    }

    private String media(String name) {
        return tree.array.resolve("movies/" + name + ".mkv").toString();
    }

    /** Starts placing a and b, and returns once both copies are under way (half written, held open). */
    private List<Future<?>> twoCopiesUnderWay(NioCacheStorage storage, CacheMethod method) throws Exception {
        List<Future<?>> placing = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            placing.add(clients.submit(() -> storage.place(storage.plan(media(name), method))));
        }
        assertTrue(copying.await(WAIT_SECONDS, TimeUnit.SECONDS), "both copies should be under way");
        return placing;
    }

    private static void finishAll(CountDownLatch finish, List<Future<?>> placing) throws Exception {
        finish.countDown();
        for (Future<?> f : placing) f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    public void aThirdFileIsRefusedByTheLimitWhileTwoAreBeingCopied() throws Exception {
        NioCacheStorage storage = storage(0, 100L * 1024); // room for two files of 40 KiB, not three
        var planC = storage.plan(media("c"), CacheMethod.ATOMIC_COPY); // planned before the others began: fits
        List<Future<?>> placing = twoCopiesUnderWay(storage, CacheMethod.ATOMIC_SYMLINK);

        StorageException byPlan = assertThrows(StorageException.class,
                () -> storage.plan(media("c"), CacheMethod.ATOMIC_COPY));
        StorageException byPlace = assertThrows(StorageException.class, () -> storage.place(planC));

        for (StorageException e : List.of(byPlan, byPlace)) {
            assertEquals(Problem.INSUFFICIENT_SPACE, e.problem());
            assertTrue(e.getMessage().contains("would exceed the cache limit of 102400 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("promised to 2 copies under way"), e.getMessage());
        }
        assertFalse(Files.exists(tree.cached("movies/c.mkv")));
        assertFalse(Files.exists(Names.tempCopy(tree.cached("movies/c.mkv"))));

        finishAll(finish, placing);
        assertEquals(2L * SIZE, cachedBytes(), "both held copies completed");
        assertEquals(Problem.INSUFFICIENT_SPACE, assertThrows(StorageException.class,
                () -> storage.place(planC)).problem(), "and the limit still holds once they are on the disk");
    }

    /**
     * The reserve, on a file system whose free space is held still (on a real disk, other programs write meanwhile):
     * 2.5 files' worth of room above the reserve takes two reservations, not a third, and a closed one frees its room.
     */
    @Test
    public void theReserveCountsTheSpacePromisedToCopiesUnderWay() {
        long free = 10L * SIZE;
        Space space = new Space(tree.cache, free - 2L * SIZE - SIZE / 2, null, () -> new Space.Usage(free * 2, free));
        Path a = tree.cached("movies/a.mkv");
        Path b = tree.cached("movies/b.mkv");
        Path c = tree.cached("movies/c.mkv");
        Space.Reservation first = space.reserve(SIZE, a, Names.tempCopy(a));
        Space.Reservation second = space.reserve(SIZE, b, Names.tempCopy(b));

        StorageException e = assertThrows(StorageException.class, () -> space.reserve(SIZE, c, Names.tempCopy(c)));

        assertEquals(Problem.INSUFFICIENT_SPACE, e.problem());
        assertEquals("not enough free space on the cache for " + c + " (40960 bytes): 409600 bytes free, 81920 more"
                + " promised to 2 copies under way, 307200 must stay free", e.getMessage());
        assertThrows(StorageException.class, () -> space.requireFits(SIZE, c), "a plan is refused the same way");
        first.close();
        space.reserve(SIZE, c, Names.tempCopy(c)).close();
        second.close();
    }

    @Test
    public void aReservationIsReleasedWhenItsCopyFails() throws Exception {
        Copier failing = (from, to, size) -> {
            throw new java.io.IOException("injected: the drive went away");
        };
        NioCacheStorage storage = tree.storage(new FileSystemStorageSettings(List.of(tree.array), tree.cache, 0,
                100L * 1024, null, null, false, false), failing);
        for (String name : List.of("a", "b", "c")) {
            assertThrows(StorageException.class, () -> storage.place(storage.plan(media(name), CacheMethod.ATOMIC_COPY)));
        }
        NioCacheStorage working = tree.storage(new FileSystemStorageSettings(List.of(tree.array), tree.cache, 0,
                100L * 1024, null, null, false, false), Copier.TRANSFER);
        storage.plan(media("a"), CacheMethod.ATOMIC_COPY); // three failed copies left no reservation behind
        working.place(working.plan(media("a"), CacheMethod.ATOMIC_COPY));
    }

    /**
     * Through the application's use case, as a web request would go (the web adapter answers this refusal with
     * 507): two clients' files held mid-copy, the third client refused with words that say why.
     */
    @Test
    public void theThirdConcurrentCacheRequestIsRefusedWithWordsThatSayWhy() throws Exception {
        NioCacheStorage storage = storage(0, 100L * 1024);
        Cacherr app = new Cacherr(InMemoryCacherr.create().bookkeeping(), storage, InMemoryCacherr.create().clock(),
                IdGenerator.randomUuids(), CacheSettings.DEFAULTS);
        List<Future<?>> placing = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            placing.add(clients.submit(() -> app.cacheFile().cache(command(name))));
        }
        assertTrue(copying.await(WAIT_SECONDS, TimeUnit.SECONDS), "both copies should be under way");

        StorageException e = assertThrows(StorageException.class, () -> app.cacheFile().cache(command("c")));

        assertEquals(Problem.INSUFFICIENT_SPACE, e.problem());
        assertEquals("caching " + tree.cached("movies/c.mkv") + " (40960 bytes) would exceed the cache limit of"
                + " 102400 bytes (40960 in use, 40960 more promised to 2 copies under way)", e.getMessage());
        finishAll(finish, placing);
        assertFalse(Files.exists(tree.cached("movies/c.mkv")));
        assertTrue(Files.isSymbolicLink(Path.of(media("a"))) && Files.isSymbolicLink(Path.of(media("b"))));
    }

    private CacheFileCommand command(String name) {
        return new CacheFileCommand(media(name), OperationType.MANUAL, new UserId("alice"), null, null, null);
    }

    private long cachedBytes() throws Exception {
        long sum = 0;
        for (Path p : Tree.everythingUnder(tree.cache)) if (Files.isRegularFile(p)) sum += Files.size(p);
        return sum;
    }
}
