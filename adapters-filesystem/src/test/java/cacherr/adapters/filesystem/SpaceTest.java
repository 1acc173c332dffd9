package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.CacheSpace;
import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that would not fit (reserve or limit) is refused before a byte is written. */
class SpaceTest {
    @TempDir
    Path dir;
    private Tree tree;
    private Path media;

    @BeforeEach
    void createTree() throws Exception {
        tree = new Tree(dir);
        media = tree.original("movies/a.mkv", Tree.content(500));
        Files.write(tree.cache.resolve("already-cached.mkv"), Tree.content(600));
    }

    private NioCacheStorage storage(long reserve, Long limit) {
        return new NioCacheStorage(new FileSystemStorageSettings(List.of(tree.array), tree.cache, reserve, limit,
                null, null, false, false));
    }

    private void assertRefusedAndNothingWritten(NioCacheStorage storage, Placement plan) {
        StorageException e = assertThrows(StorageException.class, () -> storage.place(plan));
        assertEquals(Problem.INSUFFICIENT_SPACE, e.problem());
        assertTrue(e.getMessage().contains(plan.cachedPath()), e.getMessage());
        assertEquals(List.of(tree.cache.resolve("already-cached.mkv")), Tree.everythingUnder(tree.cache));
    }

    @Test
    public void aFileThatWouldEatIntoTheReserveIsRefused() {
        NioCacheStorage storage = storage(storage(0, null).space().totalBytes(), null); // never this much free
        assertEquals(Problem.INSUFFICIENT_SPACE, assertThrows(StorageException.class,
                () -> storage.plan(media.toString(), CacheMethod.ATOMIC_COPY)).problem());
        assertRefusedAndNothingWritten(storage, storage(0, null).plan(media.toString(), CacheMethod.ATOMIC_SYMLINK));
    }

    @Test
    public void aFileThatWouldExceedTheCacheLimitIsRefusedAndOneThatFitsIsNot() {
        NioCacheStorage tight = storage(0, 1099L);
        assertEquals(Problem.INSUFFICIENT_SPACE, assertThrows(StorageException.class,
                () -> tight.plan(media.toString(), CacheMethod.ATOMIC_COPY)).problem());
        assertRefusedAndNothingWritten(tight, storage(0, null).plan(media.toString(), CacheMethod.ATOMIC_COPY));
        NioCacheStorage exact = storage(0, 1100L);
        exact.place(exact.plan(media.toString(), CacheMethod.ATOMIC_COPY));
    }

    @Test
    public void aHardLinkTakesNoSpaceAndIsNotMeasured() {
        NioCacheStorage tight = storage(0, 1L);
        Placement placed = tight.place(tight.plan(media.toString(), CacheMethod.ATOMIC_HARDLINK));
        assertEquals(CacheMethod.ATOMIC_HARDLINK, placed.method());
    }

    @Test
    public void spaceReportsTheCacheFileSystemAndTheSettings() {
        CacheSpace space = storage(123, 4567L).space();
        assertTrue(space.totalBytes() > 0 && space.freeBytes() > 0 && space.freeBytes() <= space.totalBytes());
        assertEquals(123, space.reserveBytes());
        assertEquals(4567L, space.limitBytes());
    }
}
