package cacherr.application.inmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cacherr.application.port.out.StorageException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-memory storage's space and hard links are kept as its tree changes (not walked at each plan): what a
 * placement counts against the cache's limit, what a release gives back, and how many names a file has.
 */
class InMemorySpaceTest {
    private static final int KIB = 1024;
    private final InMemoryCacheStorage storage = new InMemoryCacheStorage(List.of("/array"), "/cache", 1L << 30, 0,
            10L * KIB);

    @Test
    void theLimitCountsWhatIsOnTheCacheAndARemovalGivesItBack() {
        Placement first = cache("/array/a.mkv", 4 * KIB);
        cache("/array/b.mkv", 4 * KIB);
        storage.write("/array/c.mkv", new byte[4 * KIB]);

        StorageException full = assertThrows(StorageException.class,
                () -> storage.plan("/array/c.mkv", CacheMethod.ATOMIC_COPY));
        assertEquals(StorageException.Problem.INSUFFICIENT_SPACE, full.problem());
        assertEquals(8L * KIB, used(), "two files of 4 KiB on the cache");

        storage.release(first);
        assertEquals(4L * KIB, used());
        cache("/array/c.mkv", 4 * KIB);
        assertEquals(8L * KIB, used());
    }

    @Test
    void aFileOutsideTheCacheOrBesideItsRootCountsNothing() {
        storage.write("/cache-old/x.mkv", new byte[9 * KIB]); // a sibling folder whose name starts like the root's
        storage.write("/array/big.mkv", new byte[9 * KIB]);

        cache("/array/big.mkv", 9 * KIB);
        assertEquals(9L * KIB, used());
    }

    @Test
    void aHardLinkedOriginalIsCopiedUntilItsOtherNameGoes() {
        storage.write("/array/heat.mkv", new byte[KIB]);
        storage.hardLink("/array/heat.mkv", "/array/downloads/heat.mkv");
        assertEquals(CacheMethod.ATOMIC_COPY, storage.plan("/array/heat.mkv", CacheMethod.ATOMIC_SYMLINK).method());

        storage.delete("/array/downloads/heat.mkv");
        assertEquals(CacheMethod.ATOMIC_SYMLINK, storage.plan("/array/heat.mkv", CacheMethod.ATOMIC_SYMLINK).method());
    }

    private long used() {
        return storage.space().totalBytes() - storage.space().freeBytes();
    }

    private Placement cache(String path, int size) {
        if (!storage.exists(path)) storage.write(path, new byte[size]);
        return storage.place(storage.plan(path, CacheMethod.ATOMIC_COPY));
    }
}
